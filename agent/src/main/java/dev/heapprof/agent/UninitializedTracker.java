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
 * one kind of value ({@link #OTHER}); a {@code long} or {@code double} takes two slots. It replaces
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
    /** Any initialized value, or a slot of a long or double, or an unusable slot. */
    static final Object OTHER = new Object();
    /** The {@code this} of a constructor before its {@code super()} or {@code this()} call. */
    static final Object UNINITIALIZED_THIS = new Object();

    private Object[] stack = new Object[16];
    private int size;
    private Object[] locals = new Object[16];
    /** Locals as the last frame declared them: one entry per variable, as frames count them. */
    private Object[] frameLocals;
    private int frameLocalCount;
    private boolean known = true;
    /** The label visited since the last instruction, which names the next {@code new} in frames. */
    private Label labelHere;

    UninitializedTracker(String owner, int access, String name, String descriptor, MethodVisitor next) {
        super(Opcodes.ASM9, next);
        Type[] arguments = Type.getArgumentTypes(descriptor);
        frameLocals = new Object[arguments.length + 1 + 8];
        if ((access & Opcodes.ACC_STATIC) == 0) {
            frameLocals[frameLocalCount++] = "<init>".equals(name) && !"java/lang/Object".equals(owner) ? UNINITIALIZED_THIS : OTHER;
        }
        for (Type argument : arguments) {
            int sort = argument.getSort();
            frameLocals[frameLocalCount++] = sort == Type.LONG ? Opcodes.LONG : sort == Type.DOUBLE ? Opcodes.DOUBLE : OTHER;
        }
        localsFromFrame();
    }

    // ---- what the adapter reads -------------------------------------------------------------

    /** Whether the state is known here (false after an unconditional jump, until the next frame). */
    boolean known() {
        return known;
    }

    /** Operand stack slots in use. */
    int stackSize() {
        return size;
    }

    /** The value in stack slot {@code i} (0 is the bottom). */
    Object stackAt(int i) {
        return stack[i];
    }

    /** The first local variable slot holding {@code value}, or -1. */
    int localIndexOf(Object value) {
        for (int i = 0; i < locals.length; i++) {
            if (locals[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a value is an object whose {@code new} ran and whose constructor has not. */
    static boolean isNewObject(Object value) {
        return value != null && value != OTHER && value != UNINITIALIZED_THIS;
    }

    // ---- frames ---------------------------------------------------------------------------------

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
        super.visitFrame(type, numLocal, local, numStack, stackTypes);
        switch (type) {
            case Opcodes.F_NEW, Opcodes.F_FULL -> {
                frameLocalCount = 0;
                for (int i = 0; i < numLocal; i++) {
                    addFrameLocal(local[i]);
                }
                setStack(numStack, stackTypes);
            }
            case Opcodes.F_APPEND -> {
                for (int i = 0; i < numLocal; i++) {
                    addFrameLocal(local[i]);
                }
                size = 0;
            }
            case Opcodes.F_CHOP -> {
                frameLocalCount = Math.max(0, frameLocalCount - numLocal);
                size = 0;
            }
            case Opcodes.F_SAME -> size = 0;
            case Opcodes.F_SAME1 -> setStack(1, stackTypes);
            default -> throw new IllegalArgumentException("unknown frame type " + type);
        }
        localsFromFrame();
        known = true;
    }

    private void addFrameLocal(Object entry) {
        if (frameLocalCount == frameLocals.length) {
            frameLocals = java.util.Arrays.copyOf(frameLocals, frameLocalCount * 2 + 4);
        }
        frameLocals[frameLocalCount++] = entry;
    }

    private void localsFromFrame() {
        java.util.Arrays.fill(locals, OTHER);
        int slot = 0;
        for (int i = 0; i < frameLocalCount; i++) {
            Object entry = frameLocals[i];
            boolean wide = entry == Opcodes.LONG || entry == Opcodes.DOUBLE;
            setLocal(slot++, valueOf(entry));
            if (wide) {
                setLocal(slot++, OTHER);
            }
        }
    }

    private void setStack(int count, Object[] types) {
        size = 0;
        for (int i = 0; i < count; i++) {
            Object entry = types[i];
            push(valueOf(entry));
            if (entry == Opcodes.LONG || entry == Opcodes.DOUBLE) {
                push(OTHER);
            }
        }
    }

    /** A frame's verification type as this tracker's value. */
    private static Object valueOf(Object entry) {
        if (entry instanceof Label) {
            return entry;
        }
        if (entry == Opcodes.UNINITIALIZED_THIS || entry == UNINITIALIZED_THIS) {
            return UNINITIALIZED_THIS;
        }
        return OTHER;
    }

    // ---- instructions ---------------------------------------------------------------------------

    @Override
    public void visitLabel(Label label) {
        super.visitLabel(label);
        labelHere = label;
    }

    @Override
    public void visitInsn(int opcode) {
        super.visitInsn(opcode);
        labelHere = null;
        if (!known) {
            return;
        }
        switch (opcode) {
            case Opcodes.NOP, Opcodes.INEG, Opcodes.LNEG, Opcodes.FNEG, Opcodes.DNEG, Opcodes.I2F, Opcodes.L2D, Opcodes.F2I,
                    Opcodes.D2L, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S -> { }
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1, Opcodes.FCONST_2 -> push(OTHER);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> pushOthers(2);
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> popPush(2, 1);
            case Opcodes.LALOAD, Opcodes.DALOAD -> popPush(2, 2);
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> pop(3);
            case Opcodes.LASTORE, Opcodes.DASTORE -> pop(4);
            case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> pop(1);
            case Opcodes.POP2 -> pop(2);
            case Opcodes.DUP -> push(stack[size - 1]);
            case Opcodes.DUP_X1 -> {
                Object v1 = pop();
                Object v2 = pop();
                push(v1);
                push(v2);
                push(v1);
            }
            case Opcodes.DUP_X2 -> {
                Object v1 = pop();
                Object v2 = pop();
                Object v3 = pop();
                push(v1);
                push(v3);
                push(v2);
                push(v1);
            }
            case Opcodes.DUP2 -> {
                Object v1 = stack[size - 1];
                Object v2 = stack[size - 2];
                push(v2);
                push(v1);
            }
            case Opcodes.DUP2_X1 -> {
                Object v1 = pop();
                Object v2 = pop();
                Object v3 = pop();
                push(v2);
                push(v1);
                push(v3);
                push(v2);
                push(v1);
            }
            case Opcodes.DUP2_X2 -> {
                Object v1 = pop();
                Object v2 = pop();
                Object v3 = pop();
                Object v4 = pop();
                push(v2);
                push(v1);
                push(v4);
                push(v3);
                push(v2);
                push(v1);
            }
            case Opcodes.SWAP -> {
                Object v1 = pop();
                Object v2 = pop();
                push(v1);
                push(v2);
            }
            case Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV, Opcodes.FDIV,
                    Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND, Opcodes.IOR, Opcodes.IXOR,
                    Opcodes.L2I, Opcodes.L2F, Opcodes.D2I, Opcodes.D2F, Opcodes.FCMPL, Opcodes.FCMPG -> popPush(2, 1);
            case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV,
                    Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> popPush(4, 2);
            case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR -> popPush(3, 2);
            case Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D -> popPush(1, 2);
            case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> popPush(4, 1);
            case Opcodes.ARRAYLENGTH -> popPush(1, 1);
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.RETURN,
                    Opcodes.ATHROW -> unknown();
            default -> throw new IllegalArgumentException("unknown opcode " + opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        super.visitIntInsn(opcode, operand);
        labelHere = null;
        if (known) {
            if (opcode == Opcodes.NEWARRAY) {
                popPush(1, 1);
            } else {
                push(OTHER); // bipush, sipush
            }
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        super.visitVarInsn(opcode, var);
        labelHere = null;
        if (!known) {
            return;
        }
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD -> push(OTHER);
            case Opcodes.LLOAD, Opcodes.DLOAD -> pushOthers(2);
            case Opcodes.ALOAD -> push(local(var));
            case Opcodes.ISTORE, Opcodes.FSTORE -> {
                pop(1);
                setLocal(var, OTHER);
            }
            case Opcodes.LSTORE, Opcodes.DSTORE -> {
                pop(2);
                setLocal(var, OTHER);
                setLocal(var + 1, OTHER);
            }
            case Opcodes.ASTORE -> setLocal(var, pop());
            case Opcodes.RET -> unknown();
            default -> throw new IllegalArgumentException("unknown opcode " + opcode);
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        super.visitTypeInsn(opcode, type);
        Label at = labelHere;
        labelHere = null;
        if (!known) {
            return;
        }
        if (opcode == Opcodes.NEW) {
            push(at != null ? at : new Object());
        } else {
            popPush(1, 1); // anewarray, checkcast, instanceof
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        super.visitFieldInsn(opcode, owner, name, descriptor);
        labelHere = null;
        if (!known) {
            return;
        }
        int slots = Type.getType(descriptor).getSize();
        switch (opcode) {
            case Opcodes.GETSTATIC -> pushOthers(slots);
            case Opcodes.PUTSTATIC -> pop(slots);
            case Opcodes.GETFIELD -> popPush(1, slots);
            default -> pop(1 + slots); // putfield
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        labelHere = null;
        if (!known) {
            return;
        }
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        pop((sizes >> 2) - 1);
        if (opcode != Opcodes.INVOKESTATIC) {
            Object receiver = pop();
            if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && receiver != OTHER) {
                initialized(receiver);
            }
        }
        pushOthers(sizes & 3);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
        labelHere = null;
        if (known) {
            int sizes = Type.getArgumentsAndReturnSizes(descriptor);
            pop((sizes >> 2) - 1);
            pushOthers(sizes & 3);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        super.visitJumpInsn(opcode, label);
        labelHere = null;
        if (!known) {
            return;
        }
        switch (opcode) {
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                    Opcodes.IFNONNULL -> pop(1);
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT, Opcodes.IF_ICMPLE,
                    Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> pop(2);
            default -> unknown(); // goto; jsr (class files before Java 6): as after any jump, wait for a frame
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        super.visitLdcInsn(value);
        labelHere = null;
        if (known) {
            boolean wide = value instanceof Long || value instanceof Double
                    || value instanceof ConstantDynamic c && c.getSize() == 2;
            pushOthers(wide ? 2 : 1);
        }
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        super.visitIincInsn(var, increment);
        labelHere = null;
        if (known) {
            setLocal(var, OTHER);
        }
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        super.visitTableSwitchInsn(min, max, dflt, labels);
        labelHere = null;
        unknown();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        super.visitLookupSwitchInsn(dflt, keys, labels);
        labelHere = null;
        unknown();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
        labelHere = null;
        if (known) {
            popPush(numDimensions, 1);
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    /** After a constructor call: every copy of its receiver is now an ordinary value. */
    private void initialized(Object receiver) {
        for (int i = 0; i < size; i++) {
            if (stack[i] == receiver) {
                stack[i] = OTHER;
            }
        }
        for (int i = 0; i < locals.length; i++) {
            if (locals[i] == receiver) {
                locals[i] = OTHER;
            }
        }
    }

    private void unknown() {
        known = false;
        size = 0;
    }

    private void push(Object value) {
        if (size == stack.length) {
            stack = java.util.Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = value;
    }

    private void pushOthers(int slots) {
        for (int i = 0; i < slots; i++) {
            push(OTHER);
        }
    }

    private Object pop() {
        if (size == 0) {
            throw new IllegalStateException("operand stack underflow");
        }
        return stack[--size];
    }

    private void pop(int slots) {
        if (slots > size) {
            throw new IllegalStateException("operand stack underflow");
        }
        size -= slots;
    }

    private void popPush(int popped, int pushed) {
        pop(popped);
        pushOthers(pushed);
    }

    private Object local(int var) {
        return var < locals.length ? locals[var] : OTHER;
    }

    private void setLocal(int var, Object value) {
        if (var >= locals.length) {
            int old = locals.length;
            locals = java.util.Arrays.copyOf(locals, Math.max(var + 1, old * 2));
            java.util.Arrays.fill(locals, old, locals.length, OTHER);
        }
        locals[var] = value;
    }
}
