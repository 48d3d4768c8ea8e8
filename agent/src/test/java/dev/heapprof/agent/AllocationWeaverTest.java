package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The weaver on real class files: the result verifies, has one hook call per allocation, none for
 * super()/this() calls, and handles bytecode javac never writes (the new object kept in a local).
 */
class AllocationWeaverTest {
    private final WeavingStats stats = new WeavingStats();
    private final AllocationWeaver weaver = new AllocationWeaver(AgentOptions.parse("log=none"), stats, AgentLogs.none());

    static final class Sample {
        Object plain() {
            return new StringBuilder("x");
        }

        Object nested(boolean b) {
            return new java.util.ArrayList<>(java.util.List.of(new Object(), b ? new Object() : "s"));
        }

        Object arrays() {
            return new Object[] {new int[3], new String[2][4], new long[1][]};
        }
    }

    static final class Sub extends java.util.ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        Sub() {
            this(4);
        }

        Sub(int n) {
            super(n);
        }
    }

    private static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static int hookCalls(byte[] classBytes) {
        int[] count = {0};
        new ClassReader(classBytes).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
                        if (owner.equals(AllocationHook.OWNER)) {
                            count[0]++;
                        }
                    }
                };
            }
        }, 0);
        return count[0];
    }

    private static void verify(byte[] classBytes) {
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classBytes), AllocationWeaverTest.class.getClassLoader(), false, new PrintWriter(problems));
        assertThat(problems.toString()).isEmpty();
    }

    @Test
    void everyAllocationGetsOneHookAndTheClassVerifies() throws IOException {
        byte[] woven = weaver.weave("x", bytesOf(Sample.class));
        verify(woven);
        // plain: StringBuilder; nested: ArrayList, 2 Objects; arrays: Object[], int[], String[][] (1 call
        // for the multianewarray), long[][] (anewarray); the constructor's super() is not one.
        assertThat(hookCalls(woven)).isEqualTo(8);
    }

    @Test
    void superAndThisCallsAreNotAllocations() throws IOException {
        assertThat(weaver.weave("x", bytesOf(Sub.class))).isNull();
        assertThat(stats.summary()).contains("1 without allocations");
    }

    @Test
    void anObjectKeptOnlyInALocalIsHookedFromThatLocal() {
        // NEW; ASTORE 1; ALOAD 1; INVOKESPECIAL <init>; ALOAD 1; ARETURN (no DUP: not javac's shape)
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Odd", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "make", "(Z)Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        Label skip = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitJumpInsn(Opcodes.IFEQ, skip);
        mv.visitLabel(skip);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] woven = weaver.weave("Odd", cw.toByteArray());
        verify(woven);
        assertThat(hookCalls(woven)).isEqualTo(1);
    }

    @Test
    void ourOwnClassesAndTheHooksDependenciesAreNeverWoven() {
        assertThat(weaver.reasonToSkip("dev/heapprof/agent/AllocationHook")).isEqualTo("ours");
        assertThat(weaver.reasonToSkip("java/lang/ThreadLocal$ThreadLocalMap")).isEqualTo("used by the hook");
        assertThat(weaver.reasonToSkip("java/lang/ref/WeakReference")).isEqualTo("used by the hook");
        assertThat(weaver.reasonToSkip("java/util/HashMap")).isNull();
        AllocationWeaver excluding = new AllocationWeaver(AgentOptions.parse("exclude=java.util.*"), stats, AgentLogs.none());
        assertThat(excluding.reasonToSkip("java/util/HashMap")).isEqualTo("excluded by options");
    }

    @Test
    void aBrokenClassFileIsCountedNotThrown() {
        byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 5};
        assertThat(weaver.transform(null, "Broken", null, null, garbage)).isNull();
        assertThat(stats.failedCount()).isEqualTo(1);
    }
}
