package dev.heapprof.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The profiled program's view of heapprof. Every method is safe to call without the agent: it then
 * does nothing. Compile against {@code heapprof-agent.jar}; at run time the agent's own copy of this
 * class (on the boot class path) is the one the program gets.
 */
public final class HeapProf {
    private static final MethodHandle MARK = find("mark", MethodType.methodType(void.class, String.class));
    private static final MethodHandle IS_ACTIVE = find("isActive", MethodType.methodType(boolean.class));

    private HeapProf() {}

    private static MethodHandle find(String name, MethodType type) {
        try {
            Class<?> bridge = Class.forName("dev.heapprof.agent.AgentBridge", true, null);
            return MethodHandles.publicLookup().findStatic(bridge, name, type);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Writes a MARK event with this label at the current time, for the views to show. */
    public static void mark(String label) {
        if (MARK == null) {
            return;
        }
        try {
            MARK.invokeExact(label);
        } catch (Throwable ignored) {
            // Marking must never disturb the program.
        }
    }

    /** True when the program runs under the heapprof agent and it is recording. */
    public static boolean isActive() {
        if (IS_ACTIVE == null) {
            return false;
        }
        try {
            return (boolean) IS_ACTIVE.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }
}
