package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the weaver (ASM and our visitors) out of C2, the JVM's optimizing compiler, with a
 * compiler directive added at run time. The weaver is hot only while classes load, mostly at
 * start-up, and C2 spends seconds of compiler-thread time on ASM's large methods while the
 * program's own methods wait in its queue. Measured on jackson (bench/workloads/README.md):
 * compilation 7.5-8.2 s down to 4.1-4.7 s, weaving 0.8-0.9 s down to 0.4 s, and the program's
 * steady state back within 15% of its speed without the agent. The weaver then runs as C1 compiles
 * it (tier 1, no profiling).
 *
 * <p>A directive needs the {@code Compiler.directives_add} diagnostic command, which the JDK offers
 * through its management beans; the platform MBean server would load about a thousand classes for
 * it, so this calls the command's native entry point directly (an internal of jdk.management, opened
 * to us with {@link Instrumentation#redefineModule}). Anything unexpected (another JDK, a missing
 * module) only means the weaver is compiled as usual: the reason is returned, never thrown.
 */
final class WeaverCompilation {
    /** Methods of these classes are never compiled by C2. */
    static final String DIRECTIVE = "[{ match: [\"dev/heapprof/agent/shaded/*.*\", \"dev/heapprof/agent/AllocationWeaver*.*\","
            + " \"dev/heapprof/agent/AllocationScan*.*\", \"dev/heapprof/agent/AllocationSiteAdapter.*\", \"dev/heapprof/agent/UninitializedTracker.*\", \"dev/heapprof/agent/UninitializedValues.*\","
            + " \"dev/heapprof/agent/LoadedClassReweaver.*\"], c2: { Exclude: true } }]";

    private WeaverCompilation() {}

    /**
     * Adds the directive; returns null when it took effect, or why it did not. Its file is made in
     * the cache's directory when there is a cache: {@code Files.createTempFile} names files with
     * {@code SecureRandom}, whose security providers cost the start 20 ms (JDK 25).
     */
    static String keepOutOfC2(Instrumentation inst, WeaveCache cache) {
        Path file = null;
        try {
            Module management = ModuleLayer.boot().findModule("jdk.management").orElse(null);
            if (management == null) {
                return "no jdk.management module";
            }
            inst.redefineModule(management, Set.of(), Map.of(),
                    Map.of("com.sun.management.internal", Set.of(WeaverCompilation.class.getModule())), Set.of(), Map.of());
            // Its class initializer loads the native library that the command's entry point lives in.
            Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl", true, null);
            Class<?> commands = Class.forName("com.sun.management.internal.DiagnosticCommandImpl", true, null);
            Method execute = commands.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            Method instance = commands.getDeclaredMethod("getDiagnosticCommandMBean");
            instance.setAccessible(true);
            Object receiver = instance.invoke(null);

            // Owner-only, never an existing file, either way.
            file = cache != null ? cache.newDirectivesFile() : Files.createTempFile("heapprof-directives", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            Object output = execute.invoke(receiver, "Compiler.directives_add " + file);
            String text = String.valueOf(output).trim();
            return text.startsWith("1 compiler directives added") ? null : "the JVM answered: " + text;
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            return cause.toString();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException | RuntimeException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
