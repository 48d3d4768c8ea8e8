package dev.heapprof.agent;

import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The values {@link UninitializedTracker} follows through one method: the operand stack and the
 * local variables as slots, each holding {@link #OTHER}, {@link #UNINITIALIZED_THIS} or the marker of
 * one {@code new} (a {@code long} or {@code double} takes two slots), and the locals as the last stack
 * map frame declared them, which the next compressed frame is relative to.
 */
final class UninitializedValues {
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

    /** The method's entry state, from its descriptor ({@code this} uninitialized in a constructor). */
    UninitializedValues(String owner, int access, String name, String descriptor) {
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

    /** Takes the state a stack map frame declares, relative to the previous frame's locals. */
    void frame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
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

    /** A frame's verification type as a value here. */
    private static Object valueOf(Object entry) {
        if (entry instanceof Label) {
            return entry;
        }
        if (entry == Opcodes.UNINITIALIZED_THIS || entry == UNINITIALIZED_THIS) {
            return UNINITIALIZED_THIS;
        }
        return OTHER;
    }

    /** After a constructor call: every copy of its receiver is now an ordinary value. */
    void initialized(Object receiver) {
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

    void unknown() {
        known = false;
        size = 0;
    }

    /** The value {@code fromTop} slots below the top of the stack (0 is the top). */
    Object peek(int fromTop) {
        return stack[size - 1 - fromTop];
    }

    void push(Object value) {
        if (size == stack.length) {
            stack = java.util.Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = value;
    }

    /**
     * The dup family: copies the top {@code count} values and puts the copies {@code depth} values
     * down ({@code dup} is 1, 1; {@code dup_x1} 1, 2; {@code dup2_x2} 2, 4).
     */
    void dupUnder(int count, int depth) {
        if (depth > size) {
            throw new IllegalStateException("operand stack underflow");
        }
        if (size + count > stack.length) {
            stack = java.util.Arrays.copyOf(stack, Math.max(size * 2, size + count));
        }
        System.arraycopy(stack, size - depth, stack, size - depth + count, depth);
        System.arraycopy(stack, size, stack, size - depth, count);
        size += count;
    }

    void pushOthers(int slots) {
        for (int i = 0; i < slots; i++) {
            push(OTHER);
        }
    }

    Object pop() {
        if (size == 0) {
            throw new IllegalStateException("operand stack underflow");
        }
        return stack[--size];
    }

    void pop(int slots) {
        if (slots > size) {
            throw new IllegalStateException("operand stack underflow");
        }
        size -= slots;
    }

    void popPush(int popped, int pushed) {
        pop(popped);
        pushOthers(pushed);
    }

    Object local(int var) {
        return var < locals.length ? locals[var] : OTHER;
    }

    void setLocal(int var, Object value) {
        if (var >= locals.length) {
            int old = locals.length;
            locals = java.util.Arrays.copyOf(locals, Math.max(var + 1, old * 2));
            java.util.Arrays.fill(locals, old, locals.length, OTHER);
        }
        locals[var] = value;
    }
}
