package dev.heapprof.agent.launch;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The agent's entry point, and the only class of ours the application class loader ever loads.
 * It appends the agent jar to the boot class path and hands over to the boot copy of
 * {@code dev.heapprof.agent.Agent}: woven JDK classes call our hook, so the hook and everything it
 * uses must be boot classes, and must exist exactly once (docs/architecture.md). It lives in its
 * own package so that no package is split between the two loaders.
 */
public final class AgentLauncher {
    private AgentLauncher() {}

    public static void premain(String options, Instrumentation inst) {
        launch(options, inst);
    }

    public static void agentmain(String options, Instrumentation inst) {
        launch(options, inst);
    }

    private static void launch(String options, Instrumentation inst) {
        try {
            File jar = new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class<?> agent = Class.forName("dev.heapprof.agent.Agent", true, null);
            agent.getMethod("start", String.class, Instrumentation.class).invoke(null, options, inst);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                // A bad option: one line naming it, and the JVM does not start.
                System.err.println(cause.getMessage());
                System.exit(2);
            }
            System.err.println("heapprof: the agent failed to start (" + cause + "); the program runs without it");
        } catch (ReflectiveOperationException | URISyntaxException | java.io.IOException | RuntimeException e) {
            System.err.println("heapprof: the agent failed to start (" + e + "); the program runs without it");
        }
    }
}
