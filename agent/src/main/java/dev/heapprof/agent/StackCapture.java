package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;

/**
 * Captures the calling thread's stack for a sample into a {@code Throwable} whose constructor never
 * ran. Every constructor of {@code Throwable} reports the new throwable to JFR, the program's own
 * flight recorder: it counts it for {@code jdk.ExceptionStatistics} and, when the recording has
 * {@code jdk.JavaExceptionThrow} on (JDK 25's default settings do), commits an event for it. Built
 * that way, each sample showed up in the program's recording as an exception thrown by the agent.
 * Worse, when the sampled allocation happened while JFR itself was writing an event on that thread
 * (pooling a string of {@code jdk.InitialSecurityProperty}, say), the exception's event was written
 * into the middle of the other one, and the recording could no longer be read ("Unknown string
 * encoding"; a hello world with {@code -XX:StartFlightRecording}, one run in three on JDK 25).
 *
 * <p>So the throwable is allocated without a constructor ({@code Unsafe.allocateInstance}), given
 * the marker a constructed one holds in its {@code stackTrace} field (without it, {@link
 * Throwable#fillInStackTrace()} takes the throwable for one whose stack must not be written), and
 * filled by {@code fillInStackTrace()}, which JFR does not watch. The JVM leaves out the
 * {@code fillInStackTrace} frames on top, as it leaves out a constructor's. Where this cannot be set
 * up (a JVM without {@code jdk.unsupported}, another layout), {@link #open} says why and the
 * constructor is used: correct stacks, seen by JFR.
 */
final class StackCapture {
    /** Captures with {@code new Throwable()}. */
    static final StackCapture CONSTRUCTOR = new StackCapture(null, null, null);

    private final sun.misc.Unsafe unsafe;
    private final VarHandle stackTrace;
    private final StackTraceElement[] unassigned;

    private StackCapture(sun.misc.Unsafe unsafe, VarHandle stackTrace, StackTraceElement[] unassigned) {
        this.unsafe = unsafe;
        this.stackTrace = stackTrace;
        this.unassigned = unassigned;
    }

    /**
     * The capture without a constructor, checked on a stack of known shape; {@link #CONSTRUCTOR}
     * with the reason in {@code why[0]} if this JVM does not allow it.
     */
    static StackCapture open(Instrumentation inst, String[] why) {
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            MethodHandles.Lookup lookup = throwableInternals(inst);
            StackCapture capture = new StackCapture((sun.misc.Unsafe) theUnsafe.get(null),
                    lookup.findVarHandle(Throwable.class, "stackTrace", StackTraceElement[].class),
                    (StackTraceElement[]) lookup.findStaticVarHandle(Throwable.class, "UNASSIGNED_STACK", StackTraceElement[].class).get());
            String problem = capture.check();
            if (problem != null) {
                why[0] = problem;
                return CONSTRUCTOR;
            }
            return capture;
        } catch (Throwable t) {
            why[0] = t.toString();
            return CONSTRUCTOR;
        }
    }

    /**
     * A lookup with access to {@code Throwable}'s private fields, which the stack's capture and
     * {@link StackIdentity} read and write; opens {@code java.lang} to the agent first when
     * {@code inst} is given (tests open it on the command line).
     */
    static MethodHandles.Lookup throwableInternals(Instrumentation inst) throws IllegalAccessException {
        Module javaBase = Throwable.class.getModule();
        Module ours = StackCapture.class.getModule();
        if (inst != null && !javaBase.isOpen("java.lang", ours)) {
            inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(ours)), Set.of(), Map.of());
        }
        return MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup());
    }

    /** Whether this captures without a constructor (false: {@link #CONSTRUCTOR}). */
    boolean withoutConstructor() {
        return unsafe != null;
    }

    /** The stack of the caller, the caller's own frame on top. */
    Throwable capture() {
        if (unsafe == null) {
            return new Throwable();
        }
        Throwable stack;
        try {
            stack = (Throwable) unsafe.allocateInstance(Throwable.class);
        } catch (InstantiationException e) {
            throw new IllegalStateException(e); // Throwable is a concrete class: checked by open
        }
        stackTrace.set(stack, unassigned);
        return stack.fillInStackTrace();
    }

    /** The stack {@link #capture} takes here must start at this very method: the problem, or {@code null}. */
    private String check() {
        Throwable probe = capture();
        StackTraceElement[] frames = probe.getStackTrace();
        if (frames.length < 2 || !frames[0].getClassName().equals(StackCapture.class.getName()) || !frames[0].getMethodName().equals("capture")
                || !frames[1].getMethodName().equals("check")) {
            return "a stack captured without Throwable's constructor starts with " + (frames.length == 0 ? "nothing" : frames[0]);
        }
        return null;
    }
}
