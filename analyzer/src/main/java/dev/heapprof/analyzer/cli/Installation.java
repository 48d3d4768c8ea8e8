package dev.heapprof.analyzer.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the agent jar and the bundled example are: named by a system property or an environment
 * variable (bin/heapprof sets the properties), else found next to this command's jar, in a
 * distribution's layout ({@code heapprof.jar} beside it) or a built checkout's
 * ({@code analyzer/target/} beside {@code agent/target/heapprof.jar}).
 */
final class Installation {
    private Installation() {}

    static Path agentJar() {
        return find("heapprof.agent.jar", "HEAPPROF_AGENT_JAR", List.of("heapprof.jar", "../../agent/target/heapprof.jar"),
                "the agent jar (heapprof.jar)");
    }

    /** The example's classes: a jar or a directory. */
    static Path examples() {
        List<String> candidates = new ArrayList<>(List.of("heapprof-examples.jar", "../../examples/target/classes"));
        return find("heapprof.examples", "HEAPPROF_EXAMPLES", candidates, "the bundled example (heapprof-examples)");
    }

    private static Path find(String property, String variable, List<String> relative, String what) {
        String named = System.getProperty(property);
        if (named == null || named.isBlank()) {
            named = System.getenv(variable);
        }
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (!Files.exists(p)) {
                throw new IllegalStateException(what + " is not at " + p + " (named by " + property + " / " + variable + ")");
            }
            return p.toAbsolutePath();
        }
        Path here = ownLocation();
        if (here != null) {
            Path dir = Files.isDirectory(here) ? here : here.getParent();
            for (String r : relative) {
                Path p = dir.resolve(r).normalize();
                if (Files.exists(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find " + what + ": build the project (./mvnw -q install -DskipTests), use bin/heapprof,"
                + " or set " + variable);
    }

    private static Path ownLocation() {
        try {
            return Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The java launcher of the JVM running this command. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Files in {@code dir} whose names start with {@code prefix}, sorted. */
    static List<Path> filesStartingWith(Path dir, String prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*")) {
            s.forEach(found::add);
        }
        found.sort(null);
        return found;
    }
}
