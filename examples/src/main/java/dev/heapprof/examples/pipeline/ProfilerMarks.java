package dev.heapprof.examples.pipeline;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Marks the phases in a heapprof profile when the program runs under the agent, and does nothing
 * otherwise: the example has no dependency, so it looks the agent's API ({@code dev.heapprof.api.HeapProf},
 * on the boot class path when the agent is attached) up by name once. A profiler's marks let
 * {@code heapprof demo} find the spike: the most live memory between "report: start" and
 * "report: end".
 */
final class ProfilerMarks {
    private static final MethodHandle MARK = lookUp();

    private ProfilerMarks() {}

    private static MethodHandle lookUp() {
        try {
            Class<?> api = Class.forName("dev.heapprof.api.HeapProf");
            return MethodHandles.publicLookup().findStatic(api, "mark", MethodType.methodType(void.class, String.class));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null; // no agent: marks are not needed
        }
    }

    /** Writes a MARK event with this label, if a profiler is listening. */
    static void mark(String label) {
        if (MARK != null) {
            try {
                MARK.invokeExact(label);
            } catch (Throwable t) {
                // a profiler problem must never stop the pipeline
            }
        }
    }
}
