package dev.heapprof.agent.launch;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    /** This class as a resource: where it is found tells which jar the agent runs from. */
    public static final String SELF = "dev/heapprof/agent/launch/AgentLauncher.class";
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
            if (AgentLauncher.class.getClassLoader() != null) {
                File jar = new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            } else {
                String conflict = otherBuildOnBootPath();
                if (conflict != null) {
                    System.err.println("heapprof: the agent did not start: " + conflict + "; the program runs without it");
                    return;
                }
            }
            if (options != null && options.strip().equalsIgnoreCase("help")) {
                // The usage instead of a profile: the JVM stops here, as for a bad option.
                Class.forName("dev.heapprof.agent.AgentUsage", true, null).getMethod("print", java.io.PrintStream.class)
                        .invoke(null, System.out);
                System.exit(0);
            }
            Class<?> agent = Class.forName("dev.heapprof.agent.Agent", true, null);
            agent.getMethod("start", String.class, Instrumentation.class, boolean.class).invoke(null, options, inst, attached);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                // A bad option: one line naming it, and the JVM does not start.
                System.err.println(cause.getMessage());
                System.exit(2);
            }
            System.err.println("heapprof: the agent failed to start (" + cause + "); the program runs without it");
        } catch (ReflectiveOperationException | URISyntaxException | IOException | RuntimeException e) {
            System.err.println("heapprof: the agent failed to start (" + e + "); the program runs without it");
        }
    }

    /**
     * When {@code Boot-Class-Path} made this a boot class, the jar it came from is the file named
     * heapprof.jar beside the jar given to {@code -javaagent}: the same file, unless that one was
     * renamed and a heapprof.jar of another build sits beside it. Then the JVM would run the other
     * build's agent with this one's options; this says so instead (null when all is well).
     */
    private static String otherBuildOnBootPath() throws IOException, URISyntaxException {
        URL boot = ClassLoader.getPlatformClassLoader().getResource(SELF);
        List<URL> named = new ArrayList<>(Collections.list(ClassLoader.getSystemClassLoader().getResources(SELF)));
        // The application loader lists its parents' copy first. Compared as text: URL.equals may
        // look host names up.
        named.removeIf(u -> boot != null && u.toExternalForm().equals(boot.toExternalForm()));
        Path bootJar = jarOf(boot);
        if (bootJar == null || named.isEmpty()) {
            return null;
        }
        List<Path> others = new ArrayList<>();
        for (URL u : named) {
            Path jar = jarOf(u);
            if (jar == null) {
                continue;
            }
            if (Files.isSameFile(jar, bootJar)) {
                return null; // the jar given to -javaagent is the boot copy itself
            }
            others.add(jar);
        }
        for (Path other : others) {
            if (Files.mismatch(other, bootJar) != -1) {
                return "the JVM took the agent from " + bootJar + " (the manifest's Boot-Class-Path names heapprof.jar, beside the agent jar)"
                        + " but the agent jar given is " + other + ", a different file: remove or rename one of them";
            }
        }
        return null;
    }

    /** The jar file of a {@code jar:file:...!/entry} URL, or null for anything else. */
    public static Path jarOf(URL url) throws URISyntaxException {
        if (url == null || !"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath();
        int bang = spec.indexOf("!/");
        if (bang < 0 || !spec.startsWith("file:")) {
            return null;
        }
        return Path.of(new java.net.URI(spec.substring(0, bang)));
    }
}
