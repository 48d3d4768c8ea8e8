package dev.heapprof.agent;

/**
 * A quick first pass over a class file's bytes: which methods allocate, and which of those use
 * {@code new} (and so need data-flow analysis). Most classes have methods that allocate nothing, and
 * a third of the classes a program loads allocate nothing at all; skipping them keeps weaving, the
 * agent's main start-up cost, short.
 *
 * <p>It walks the raw bytes rather than going through ASM: it only needs each method's opcodes, and
 * decoding every instruction's operands (ASM reads and hashes the names they refer to) cost about as
 * much as the weaving itself. Methods are numbered in class-file order, the order in which
 * {@code ClassReader} visits them. A malformed class file throws {@link IllegalArgumentException},
 * which the weaver counts as a failure (the JVM rejects such a file anyway).
 */
final class AllocationScan {
    private static final int NEW = 187;
    private static final int NEWARRAY = 188;
    private static final int ANEWARRAY = 189;
    private static final int MULTIANEWARRAY = 197;
    private static final int TABLESWITCH = 170;
    private static final int LOOKUPSWITCH = 171;
    private static final int WIDE = 196;
    private static final int IINC = 132;

    /** Length in bytes of each fixed-size instruction, opcode included; 0 for variable or invalid. */
    private static final byte[] LENGTH = new byte[256];

    static {
        java.util.Arrays.fill(LENGTH, 0, 202, (byte) 1);
        LENGTH[16] = 2; // bipush
        LENGTH[17] = 3; // sipush
        LENGTH[18] = 2; // ldc
        LENGTH[19] = 3; // ldc_w
        LENGTH[20] = 3; // ldc2_w
        java.util.Arrays.fill(LENGTH, 21, 26, (byte) 2); // iload .. aload
        java.util.Arrays.fill(LENGTH, 54, 59, (byte) 2); // istore .. astore
        LENGTH[IINC] = 3;
        java.util.Arrays.fill(LENGTH, 153, 169, (byte) 3); // if<cond>, if_<cmp>, goto, jsr
        LENGTH[169] = 2; // ret
        LENGTH[TABLESWITCH] = 0;
        LENGTH[LOOKUPSWITCH] = 0;
        java.util.Arrays.fill(LENGTH, 178, 185, (byte) 3); // field access, invokevirtual/special/static
        LENGTH[185] = 5; // invokeinterface
        LENGTH[186] = 5; // invokedynamic
        LENGTH[NEW] = 3;
        LENGTH[NEWARRAY] = 2;
        LENGTH[ANEWARRAY] = 3;
        LENGTH[192] = 3; // checkcast
        LENGTH[193] = 3; // instanceof
        LENGTH[WIDE] = 0;
        LENGTH[MULTIANEWARRAY] = 4;
        LENGTH[198] = 3; // ifnull
        LENGTH[199] = 3; // ifnonnull
        LENGTH[200] = 5; // goto_w
        LENGTH[201] = 5; // jsr_w
    }

    private static final int FLAG_ALLOCATES = 1;
    private static final int FLAG_NEW = 2;

    private final byte[] b;
    /** Per method, in class-file order: {@link #FLAG_ALLOCATES}, {@link #FLAG_NEW}. */
    private byte[] flags = new byte[0];
    private boolean anyAllocation;
    private boolean anyNew;

    private AllocationScan(byte[] bytes) {
        this.b = bytes;
    }

    static AllocationScan of(byte[] classFile) {
        AllocationScan scan = new AllocationScan(classFile);
        try {
            scan.scan();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
        return scan;
    }

    /** Whether any method allocates. */
    boolean allocates() {
        return anyAllocation;
    }

    /** Whether any method uses {@code new}. */
    boolean usesNew() {
        return anyNew;
    }

    /** Whether the method at this position (class-file order) has any allocation instruction. */
    boolean allocates(int method) {
        return method < flags.length && (flags[method] & FLAG_ALLOCATES) != 0;
    }

    /** Whether the method at this position has a {@code new} instruction. */
    boolean usesNew(int method) {
        return method < flags.length && (flags[method] & FLAG_NEW) != 0;
    }

    private void scan() {
        if (u4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file (bad magic number)");
        }
        int constants = u2(8);
        int[] utf8At = new int[constants]; // offset of each UTF8 constant, 0 for others
        int p = 10;
        for (int i = 1; i < constants; i++) {
            int tag = b[p] & 0xFF;
            switch (tag) {
                case 1 -> { // Utf8
                    utf8At[i] = p;
                    p += 3 + u2(p + 1);
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                case 5, 6 -> { // Long, Double: two slots
                    p += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 3;
                case 15 -> p += 4;
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at offset " + p);
            }
        }
        p += 6; // access, this, super
        p += 2 + 2 * u2(p); // interfaces
        int fields = u2(p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(p + 6);
        }
        int methods = u2(p);
        p += 2;
        flags = new byte[methods];
        for (int m = 0; m < methods; m++) {
            int attributes = u2(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                int length = u4(p + 2);
                if (isCode(utf8At, u2(p))) {
                    scanCode(m, p + 6 + 8, u4(p + 6 + 4));
                }
                p += 6 + length;
            }
        }
        if (skipAttributes(p) != b.length) {
            throw new IllegalArgumentException("class file of " + b.length + " bytes does not end where its attributes end");
        }
    }

    private int skipAttributes(int p) {
        int attributes = u2(p);
        p += 2;
        for (int a = 0; a < attributes; a++) {
            p += 6 + u4(p + 2);
        }
        return p;
    }

    private boolean isCode(int[] utf8At, int index) {
        int at = index < utf8At.length ? utf8At[index] : 0;
        return at != 0 && u2(at + 1) == 4 && b[at + 3] == 'C' && b[at + 4] == 'o' && b[at + 5] == 'd' && b[at + 6] == 'e';
    }

    /** Walks one method's instructions; {@code start} is the offset of its first opcode. */
    private void scanCode(int method, int start, int length) {
        int end = start + length;
        if (length < 0 || end > b.length) {
            throw new IllegalArgumentException("code of method " + method + " runs past the end of the class file");
        }
        int found = 0;
        int pc = start;
        while (pc < end) {
            int op = b[pc] & 0xFF;
            int size = LENGTH[op];
            if (size == 0) {
                size = variableLength(op, pc, start);
            } else if (op >= NEW) {
                if (op == NEW) {
                    found |= FLAG_ALLOCATES | FLAG_NEW;
                } else if (op == NEWARRAY || op == ANEWARRAY || op == MULTIANEWARRAY) {
                    found |= FLAG_ALLOCATES;
                }
            }
            pc += size;
        }
        flags[method] = (byte) found;
        anyAllocation |= (found & FLAG_ALLOCATES) != 0;
        anyNew |= (found & FLAG_NEW) != 0;
    }

    private int variableLength(int op, int pc, int start) {
        switch (op) {
            case TABLESWITCH -> {
                int q = pc + 1 + ((4 - ((pc + 1 - start) & 3)) & 3); // padding to a multiple of 4 from the code's start
                long cases = (long) u4(q + 8) - u4(q + 4) + 1;
                if (cases < 0 || cases > 65536) {
                    throw new IllegalArgumentException("bad tableswitch at code offset " + (pc - start));
                }
                return q - pc + 12 + 4 * (int) cases;
            }
            case LOOKUPSWITCH -> {
                int q = pc + 1 + ((4 - ((pc + 1 - start) & 3)) & 3);
                int pairs = u4(q + 4);
                if (pairs < 0 || pairs > 65536) {
                    throw new IllegalArgumentException("bad lookupswitch at code offset " + (pc - start));
                }
                return q - pc + 8 + 8 * pairs;
            }
            case WIDE -> {
                return (b[pc + 1] & 0xFF) == IINC ? 6 : 4;
            }
            default -> throw new IllegalArgumentException("invalid opcode " + op + " at code offset " + (pc - start));
        }
    }

    private int u2(int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private int u4(int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
