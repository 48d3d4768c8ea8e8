package dev.heapprof.agent;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A quick first pass over a class: which methods allocate, and which of those use {@code new}
 * (and so need data-flow analysis). Most classes have methods that allocate nothing, and some
 * classes allocate nothing at all; skipping them keeps weaving, the agent's main start-up cost,
 * short. Reads no frames and no debug information.
 */
final class AllocationScan extends ClassVisitor {
    /** Methods ({@code name + descriptor}) with any allocation instruction. */
    final Set<String> allocating = new HashSet<>();
    /** Methods with a {@code new} instruction. */
    final Set<String> withNew = new HashSet<>();

    private AllocationScan() {
        super(Opcodes.ASM9);
    }

    static AllocationScan of(ClassReader reader) {
        AllocationScan scan = new AllocationScan();
        reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return scan;
    }

    static String key(String name, String descriptor) {
        return name.concat(descriptor);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        String key = key(name, descriptor);
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW) {
                    withNew.add(key);
                    allocating.add(key);
                } else if (opcode == Opcodes.ANEWARRAY) {
                    allocating.add(key);
                }
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                if (opcode == Opcodes.NEWARRAY) {
                    allocating.add(key);
                }
            }

            @Override
            public void visitMultiANewArrayInsn(String desc, int dimensions) {
                allocating.add(key);
            }
        };
    }
}
