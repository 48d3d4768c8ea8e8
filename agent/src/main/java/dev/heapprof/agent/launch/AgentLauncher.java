package dev.heapprof.agent.launch;

import dev.heapprof.agent.Agent;
import dev.heapprof.agent.AgentUsage;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The agent's entry point. Woven JDK classes call our hook, so the hook and everything it uses must
 * be boot classes, and must exist exactly once (docs/architecture.md). The jar's manifest puts it
 * on the boot class path ({@code Boot-Class-Path: heapprof.jar}, resolved beside the jar itself)
 * while the JVM starts, so that this class too is normally a boot class; a renamed jar is appended
 * here instead, which makes the JVM print a warning about class data sharing. Either way the boot
 * copy of {@code dev.heapprof.agent.Agent} takes over. This class lives in its own package so that
 * no package is split between two loaders when it is loaded by the application class loader.
 */
public final class AgentLauncher {
    /** Said when even the reason could not be: made before it is needed. */
    private static final String NOT_STARTED = "heapprof: the agent failed to start (out of memory); the program runs without it";

    private AgentLauncher() {}

    public static void premain(String options, Instrumentation inst) {
        launch(options, inst, false);
    }

    public static void agentmain(String options, Instrumentation inst) {
        launch(options, inst, true);
    }

    private static void launch(String options, Instrumentation inst, boolean attached) {
        try {
            launchOrThrow(options, inst, attached);
        } catch (Throwable t) {
            // Out of memory most likely (a heap of a few MiB), even while saying why below: what
            // escapes premain makes the JVM refuse to run the program.
            try {
                System.err.println(NOT_STARTED);
            } catch (Throwable again) {
                // nothing more can be done, and the program must still run
            }
        }
    }

    private static void launchOrThrow(String options, Instrumentation inst, boolean attached) {
        try {
            boolean bootCopy = AgentLauncher.class.getClassLoader() == null;
            if (!bootCopy) {
                File jar = new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            if (options != null && options.strip().equalsIgnoreCase("help")) {
                // The usage instead of a profile: the JVM stops here, as for a bad option.
                AgentUsage.print(System.out);
                System.exit(0);
            }
            // A direct call, resolved only now: from the application loader too it reaches the boot
            // copy, appended above, since that loader asks the boot loader first. (Reflection would
            // cost the JVM's method-handle machinery, some 40 more classes loaded before the weaver.)
            Agent.start(options, inst, attached, bootCopy);
        } catch (IllegalArgumentException e) {
            // A bad option: one line naming it, and the JVM does not start.
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            System.err.println("heapprof: the agent failed to start (" + e + "); the program runs without it");
        }
    }
}
