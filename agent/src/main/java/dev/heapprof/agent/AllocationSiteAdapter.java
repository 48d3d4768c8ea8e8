package dev.heapprof.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Inserts a call to {@link AllocationHook} after every allocation in one method: after
 * {@code newarray}, {@code anewarray} and {@code multianewarray}, and after the {@code <init>} call
 * that initializes the object of a {@code new}. Which {@code <init>} belongs to which {@code new} is
 * decided by data flow ({@link UninitializedTracker}: the receiver is the uninitialized value the
 * {@code new} pushed), so branches and nested {@code new}s between the two, and {@code super()} or
 * {@code this()} calls (whose receiver is the uninitialized {@code this}), are handled for any
 * compiler's bytecode. The inserted code has no branch and leaves the stack as it found it, so the
 * method's stack map frames stay valid and no class is loaded to recompute them.
 *
 * <p>Sits after the {@link UninitializedTracker} in the chain; what it inserts goes straight to the
 * next visitor, so the tracker sees only the original code.
 */
final class AllocationSiteAdapter extends MethodVisitor {
    private final int[] classCounts;
    private UninitializedTracker analyzer;
    private int sites;
    private int unmatched;

    /** {@code classCounts[0]} and {@code [1]} receive this method's sites and unmatched constructor calls. */
    AllocationSiteAdapter(MethodVisitor next, int[] classCounts) {
        super(Opcodes.ASM9, next);
        this.classCounts = classCounts;
    }

    /** What the inserted code needs on top of the method's own stack: the copy of the object and, for multianewarray, the dimension count. */
    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 2, maxLocals);
    }

    @Override
    public void visitEnd() {
        classCounts[0] += sites;
        classCounts[1] += unmatched;
        super.visitEnd();
    }

    void setAnalyzer(UninitializedTracker analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        super.visitIntInsn(opcode, operand);
        if (opcode == Opcodes.NEWARRAY) {
            hookTopOfStack();
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        super.visitTypeInsn(opcode, type);
        if (opcode == Opcodes.ANEWARRAY) {
            hookTopOfStack();
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        super.visitMultiANewArrayInsn(descriptor, dimensions);
        super.visitInsn(Opcodes.DUP);
        super.visitLdcInsn(dimensions);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED_ARRAYS,
                AllocationHook.ALLOCATED_ARRAYS_DESC, false);
        sites++;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode != Opcodes.INVOKESPECIAL || !"<init>".equals(name) || analyzer == null || !analyzer.known()) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        // The tracker still shows the stack before this call: arguments on top, receiver below.
        int argumentSlots = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - 1;
        int receiver = analyzer.stackSize() - argumentSlots - 1;
        Object value = receiver >= 0 ? analyzer.stackAt(receiver) : null;
        if (!UninitializedTracker.isNewObject(value)) {
            // The uninitialized this: a super() or this() call, not an allocation.
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        boolean copyOnStack = receiver >= 1 && analyzer.stackAt(receiver - 1) == value;
        int local = copyOnStack ? -1 : analyzer.localIndexOf(value);
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (copyOnStack) {
            // javac's NEW, DUP, args, INVOKESPECIAL: the other copy is now on top, initialized.
            hookTopOfStack();
        } else if (local >= 0) {
            super.visitVarInsn(Opcodes.ALOAD, local);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED, AllocationHook.ALLOCATED_DESC, false);
            sites++;
        } else {
            // The only reference was consumed by <init>: nothing to pass to the hook.
            unmatched++;
        }
    }

    private void hookTopOfStack() {
        super.visitInsn(Opcodes.DUP);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, AllocationHook.OWNER, AllocationHook.ALLOCATED, AllocationHook.ALLOCATED_DESC, false);
        sites++;
    }
}
