package dev.heapprof.agent;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The data flow the weaver needs, and no more: which operand stack slots and local variables hold
 * an object that a {@code new} created and whose constructor has not run yet. Everything else is
 * one kind of value ({@link UninitializedValues#OTHER}); a {@code long} or {@code double} takes two slots. It replaces
 * ASM's {@code AnalyzerAdapter}, which tracks every value's type as a string and needs the class
 * file's stack map frames expanded: for this question that was a fifth of the weaving time and a
 * third of what weaving allocates.
 *
 * <p>It sits before {@link AllocationSiteAdapter} in the visitor chain and forwards each instruction
 * before executing it, so the adapter sees the state <em>before</em> the instruction, the way it saw
 * {@code AnalyzerAdapter}'s. It reads the stack map frames as the class file has them (compressed);
 * after an unconditional jump the state is unknown ({@link #known()} is false) until the next frame,
 * as it is for a class file without frames (before Java 6), where the adapter then leaves the
 * remaining constructor calls alone, as it did with {@code AnalyzerAdapter}.
 *
 * <p>An uninitialized value is identified by the {@link Label} at its {@code new} instruction, which
 * is how frames name it, or by a marker of its own when no label sits there (then no frame names it).
 */
final class UninitializedTracker extends MethodVisitor {
    private static final Object OTHER = UninitializedValues.OTHER;

    private final UninitializedValues values;
    /** The label visited since the last instruction, which names the next {@code new} in frames. */
    private Label labelHere;

    UninitializedTracker(String owner, int access, String name, String descriptor, MethodVisitor next) {
        super(Opcodes.ASM9, next);
        this.values = new UninitializedValues(owner, access, name, descriptor);
    }

    // ---- what the adapter reads -------------------------------------------------------------

    /** Whether the state is known here (false after an unconditional jump, until the next frame). */
    boolean known() {
        return values.known();
    }

    /** Operand stack slots in use. */
    int stackSize() {
        return values.stackSize();
    }

    /** The value in stack slot {@code i} (0 is the bottom). */
    Object stackAt(int i) {
        return values.stackAt(i);
    }

    /** The first local variable slot holding {@code value}, or -1. */
    int localIndexOf(Object value) {
        return values.localIndexOf(value);
    }

    /** Whether a value is an object whose {@code new} ran and whose constructor has not. */
    static boolean isNewObject(Object value) {
        return value != null && value != OTHER && value != UninitializedValues.UNINITIALIZED_THIS;
    }

    // ---- frames and instructions ----------------------------------------------------------------

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
        super.visitFrame(type, numLocal, local, numStack, stackTypes);
        values.frame(type, numLocal, local, numStack, stackTypes);
    }

    @Override
    public void visitLabel(Label label) {
        super.visitLabel(label);
        labelHere = label;
    }

    @Override
    public void visitInsn(int opcode) {
        super.visitInsn(opcode);
        labelHere = null;
        if (!values.known()) {
            return;
        }
        switch (opcode) {
            case Opcodes.NOP, Opcodes.INEG, Opcodes.LNEG, Opcodes.FNEG, Opcodes.DNEG, Opcodes.I2F, Opcodes.L2D, Opcodes.F2I,
                    Opcodes.D2L, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S -> { }
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1, Opcodes.FCONST_2 -> values.push(OTHER);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> values.pushOthers(2);
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> values.popPush(2, 1);
            case Opcodes.LALOAD, Opcodes.DALOAD -> values.popPush(2, 2);
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> values.pop(3);
            case Opcodes.LASTORE, Opcodes.DASTORE -> values.pop(4);
            case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> values.pop(1);
            case Opcodes.POP2 -> values.pop(2);
            case Opcodes.DUP -> values.dupUnder(1, 1);
            case Opcodes.DUP_X1 -> values.dupUnder(1, 2);
            case Opcodes.DUP_X2 -> values.dupUnder(1, 3);
            case Opcodes.DUP2 -> values.dupUnder(2, 2);
            case Opcodes.DUP2_X1 -> values.dupUnder(2, 3);
            case Opcodes.DUP2_X2 -> values.dupUnder(2, 4);
            case Opcodes.SWAP -> {
                Object v1 = values.pop();
                Object v2 = values.pop();
                values.push(v1);
                values.push(v2);
            }
            case Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV, Opcodes.FDIV,
                    Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND, Opcodes.IOR, Opcodes.IXOR,
                    Opcodes.L2I, Opcodes.L2F, Opcodes.D2I, Opcodes.D2F, Opcodes.FCMPL, Opcodes.FCMPG -> values.popPush(2, 1);
            case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV,
                    Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> values.popPush(4, 2);
            case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR -> values.popPush(3, 2);
            case Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D -> values.popPush(1, 2);
            case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> values.popPush(4, 1);
            case Opcodes.ARRAYLENGTH -> values.popPush(1, 1);
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.RETURN,
                    Opcodes.ATHROW -> values.unknown();
            default -> throw new IllegalArgumentException("unknown opcode " + opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        super.visitIntInsn(opcode, operand);
        labelHere = null;
        if (values.known()) {
            if (opcode == Opcodes.NEWARRAY) {
                values.popPush(1, 1);
            } else {
                values.push(OTHER); // bipush, sipush
            }
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        super.visitVarInsn(opcode, var);
        labelHere = null;
        if (!values.known()) {
            return;
        }
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD -> values.push(OTHER);
            case Opcodes.LLOAD, Opcodes.DLOAD -> values.pushOthers(2);
            case Opcodes.ALOAD -> values.push(values.local(var));
            case Opcodes.ISTORE, Opcodes.FSTORE -> {
                values.pop(1);
                values.setLocal(var, OTHER);
            }
            case Opcodes.LSTORE, Opcodes.DSTORE -> {
                values.pop(2);
                values.setLocal(var, OTHER);
                values.setLocal(var + 1, OTHER);
            }
            case Opcodes.ASTORE -> values.setLocal(var, values.pop());
            case Opcodes.RET -> values.unknown();
            default -> throw new IllegalArgumentException("unknown opcode " + opcode);
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        super.visitTypeInsn(opcode, type);
        Label at = labelHere;
        labelHere = null;
        if (!values.known()) {
            return;
        }
        if (opcode == Opcodes.NEW) {
            values.push(at != null ? at : new Object());
        } else {
            values.popPush(1, 1); // anewarray, checkcast, instanceof
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        super.visitFieldInsn(opcode, owner, name, descriptor);
        labelHere = null;
        if (!values.known()) {
            return;
        }
        int slots = Type.getType(descriptor).getSize();
        switch (opcode) {
            case Opcodes.GETSTATIC -> values.pushOthers(slots);
            case Opcodes.PUTSTATIC -> values.pop(slots);
            case Opcodes.GETFIELD -> values.popPush(1, slots);
            default -> values.pop(1 + slots); // putfield
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        labelHere = null;
        if (!values.known()) {
            return;
        }
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        values.pop((sizes >> 2) - 1);
        if (opcode != Opcodes.INVOKESTATIC) {
            Object receiver = values.pop();
            if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && receiver != OTHER) {
                values.initialized(receiver);
            }
        }
        values.pushOthers(sizes & 3);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
        labelHere = null;
        if (values.known()) {
            int sizes = Type.getArgumentsAndReturnSizes(descriptor);
            values.pop((sizes >> 2) - 1);
            values.pushOthers(sizes & 3);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        super.visitJumpInsn(opcode, label);
        labelHere = null;
        if (!values.known()) {
            return;
        }
        switch (opcode) {
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                    Opcodes.IFNONNULL -> values.pop(1);
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT, Opcodes.IF_ICMPLE,
                    Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> values.pop(2);
            default -> values.unknown(); // goto; jsr (class files before Java 6): as after any jump, wait for a frame
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        super.visitLdcInsn(value);
        labelHere = null;
        if (values.known()) {
            boolean wide = value instanceof Long || value instanceof Double
                    || value instanceof ConstantDynamic c && c.getSize() == 2;
            values.pushOthers(wide ? 2 : 1);
        }
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        super.visitIincInsn(var, increment);
        labelHere = null;
        if (values.known()) {
            values.setLocal(var, OTHER);
        }
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        super.visitTableSwitchInsn(min, max, dflt, labels);
        labelHere = null;
        values.unknown();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        super.visitLookupSwitchInsn(dflt, keys, labels);
        labelHere = null;
        values.unknown();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
        labelHere = null;
        if (values.known()) {
            values.popPush(numDimensions, 1);
        }
    }
}
