package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a test program in a new JVM with the built agent jar, the way a user does. */
final class ForkedRun {
    static final Path AGENT_JAR = Path.of(System.getProperty("heapprof.agent.jar", "target/heapprof.jar")).toAbsolutePath();
    static final Path TEST_CLASSES = Path.of(System.getProperty("heapprof.test.classes", "target/test-classes")).toAbsolutePath();

    /** The JDKs the end-to-end tests run on: 17 and 25 where installed. */
    static Stream<Path> jdks() {
        List<Path> found = new ArrayList<>();
        for (String home : List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64")) {
            if (Files.isExecutable(Path.of(home, "bin", "java"))) {
                found.add(Path.of(home));
            }
        }
        if (found.isEmpty()) {
            found.add(Path.of(System.getProperty("java.home")));
        }
        return found.stream();
    }

    static int feature(Path jdk) {
        try {
            String release = Files.readString(jdk.resolve("release"));
            int at = release.indexOf("JAVA_VERSION=\"") + "JAVA_VERSION=\"".length();
            String v = release.substring(at, release.indexOf('"', at));
            return Integer.parseInt(v.split("[.+-]")[0]);
        } catch (IOException | RuntimeException e) {
            return Runtime.version().feature();
        }
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static List<String> command(Path jdk, String agentOptions, List<String> jvmFlags, String mainClass, String... args) {
        return command(jdk, AGENT_JAR, agentOptions, jvmFlags, mainClass, args);
    }

    static List<String> command(Path jdk, Path agentJar, String agentOptions, List<String> jvmFlags, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.resolve("bin/java").toString());
        cmd.addAll(jvmFlags);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + agentJar + "=" + agentOptions);
        }
        cmd.add("-cp");
        cmd.add(TEST_CLASSES.toString());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result run(Path jdk, String agentOptions, List<String> jvmFlags, String mainClass, String... args)
            throws IOException, InterruptedException {
        return run(jdk, AGENT_JAR, agentOptions, jvmFlags, mainClass, args);
    }

    /** With another copy of the agent jar (a renamed one, say). */
    static Result run(Path jdk, Path agentJar, String agentOptions, List<String> jvmFlags, String mainClass, String... args)
            throws IOException, InterruptedException {
        assertThat(agentJar).exists();
        Path out = Files.createTempFile("heapprof-it", ".out");
        Path err = Files.createTempFile("heapprof-it", ".err");
        Process p = new ProcessBuilder(command(jdk, agentJar, agentOptions, jvmFlags, mainClass, args))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("forked JVM did not finish in 5 minutes: " + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
