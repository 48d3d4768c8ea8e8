package dev.heapprof.agent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the agent's jar is: the file the cache of woven classes is keyed by, and the check that the
 * boot class path holds this build's copy.
 */
final class AgentJar {
    /** The launcher as a resource: where it is found tells which jar the agent runs from. */
    static final String SELF = "dev/heapprof/agent/launch/AgentLauncher.class";

    private AgentJar() {}

    /**
     * When {@code Boot-Class-Path} made this a boot class, the jar it came from is the file named
     * heapprof.jar beside the jar given to {@code -javaagent}: the same file, unless that one was
     * renamed and a heapprof.jar of another build sits beside it. Then the JVM would run the other
     * build's agent with this one's options; this says so instead (null when all is well).
     */
    static String otherBuildOnBootPath() throws IOException, URISyntaxException {
        URL boot = ClassLoader.getPlatformClassLoader().getResource(SELF);
        List<URL> named = new ArrayList<>(Collections.list(ClassLoader.getSystemClassLoader().getResources(SELF)));
        Path bootJar = jarOf(boot);
        if (bootJar == null) {
            return null;
        }
        List<Path> others = new ArrayList<>();
        for (URL u : named) {
            // The application loader lists its parents' copy too, first. Compared as text:
            // URL.equals may look host names up.
            if (u.toExternalForm().equals(boot.toExternalForm())) {
                continue;
            }
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
    static Path jarOf(URL url) throws URISyntaxException {
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
