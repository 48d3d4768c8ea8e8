package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The weaver's own data flow against ASM's {@code AnalyzerAdapter}, which the weaver used before:
 * on every class of java.base and jdk.compiler, both put the hook calls at the same instructions
 * (frames aside: the weaver now passes them through compressed, as the class file has them).
 */
class UninitializedTrackerTest {
    private final AllocationWeaver weaver = new AllocationWeaver(AgentOptions.parse("log=none"), new WeavingStats(), AgentLogs.none());

    @Test
    void hooksTheSameInstructionsAsAnalyzerAdapterOnTheJdk() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        int compared = 0;
        for (String module : List.of("java.base", "jdk.compiler")) {
            try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    byte[] bytes = Files.readAllBytes(file);
                    String name = new ClassReader(bytes).getClassName();
                    if (weaver.reasonToSkip(name) != null) {
                        continue;
                    }
                    byte[] woven = weaver.weave(name, bytes);
                    byte[] expected = Reference.weave(bytes);
                    assertThat(woven == null).as("woven at all: %s", name).isEqualTo(expected == null);
                    if (woven != null) {
                        assertThat(listing(woven)).as(name).isEqualTo(listing(expected));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(4_000);
    }

    /** The class as text, without frames and debug information. */
    private static String listing(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(text)), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return text.toString();
    }

    /** The weaving as it was with AnalyzerAdapter (expanded frames), kept here as the oracle. */
    private static final class Reference {
        static byte[] weave(byte[] bytes) {
            AllocationScan scan = AllocationScan.of(bytes);
            if (!scan.allocates()) {
                return null;
            }
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            int[] sites = new int[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                private String owner;
                private int method;

                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    owner = name;
                    super.visit(version, access, name, signature, superName, interfaces);
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    int index = method++;
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (!scan.allocates(index)) {
                        return next;
                    }
                    Sites s = new Sites(next, sites);
                    if (!scan.usesNew(index)) {
                        return s;
                    }
                    AnalyzerAdapter analyzer = new AnalyzerAdapter(owner, access, name, descriptor, s);
                    s.analyzer = analyzer;
                    return analyzer;
                }
            }, scan.usesNew() ? ClassReader.EXPAND_FRAMES : 0);
            return sites[0] == 0 ? null : writer.toByteArray();
        }
    }

    private static final class Sites extends MethodVisitor {
        private final int[] sites;
        AnalyzerAdapter analyzer;

        Sites(MethodVisitor next, int[] sites) {
            super(Opcodes.ASM9, next);
            this.sites = sites;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            super.visitIntInsn(opcode, operand);
            if (opcode == Opcodes.NEWARRAY) {
                hook();
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            super.visitTypeInsn(opcode, type);
            if (opcode == Opcodes.ANEWARRAY) {
                hook();
            }
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            super.visitMultiANewArrayInsn(descriptor, dimensions);
            super.visitInsn(Opcodes.DUP);
            super.visitLdcInsn(dimensions);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED_ARRAYS, AllocationHook.ALLOCATED_ARRAYS_DESC, false);
            sites[0]++;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode != Opcodes.INVOKESPECIAL || !"<init>".equals(name) || analyzer == null || analyzer.stack == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            List<Object> stack = analyzer.stack;
            int receiver = stack.size() - ((Type.getArgumentsAndReturnSizes(descriptor) >> 2) - 1) - 1;
            Object value = receiver >= 0 ? stack.get(receiver) : null;
            if (!(value instanceof Label)) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            boolean copyOnStack = receiver >= 1 && stack.get(receiver - 1) == value;
            int local = copyOnStack || analyzer.locals == null ? -1 : analyzer.locals.indexOf(value);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (copyOnStack) {
                hook();
            } else if (local >= 0) {
                super.visitVarInsn(Opcodes.ALOAD, local);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED, AllocationHook.ALLOCATED_DESC, false);
                sites[0]++;
            }
        }

        private void hook() {
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED, AllocationHook.ALLOCATED_DESC, false);
            sites[0]++;
        }
    }
}
