package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The built jar: only our packages inside, ASM relocated, the manifest an agent needs; bad options stop the JVM. */
class AgentJarIT {
    @Test
    void everyClassSitsInOurPackages() throws Exception {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ForkedRun.AGENT_JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class")) {
                    classes++;
                    if (!e.getName().startsWith("dev/heapprof/")) {
                        outside.add(e.getName());
                    }
                }
            }
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.heapprof.agent.launch.AgentLauncher");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.heapprof.agent.launch.AgentLauncher");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(main.getValue("Boot-Class-Path")).isEqualTo("heapprof.jar");
            assertThat(jar.getEntry("dev/heapprof/agent/shaded/asm/ClassReader.class")).isNotNull();
            assertThat(jar.getEntry("dev/heapprof/format/EventLogWriter.class")).isNotNull();
        }
        assertThat(classes).isGreaterThan(100);
        assertThat(outside).isEmpty();
    }


    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aBadOptionStopsTheJvmWithOneLineNamingIt(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "interval=lots", List.of(), testprograms.DropsAndKeeps.class.getName());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().lines().filter(l -> l.startsWith("heapprof:")).toList()).singleElement().asString()
                .contains("'interval'").contains("lots").contains("512k");
        ForkedRun.Result unknown = ForkedRun.run(jdk, "intervall=1k", List.of(), testprograms.DropsAndKeeps.class.getName());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("unknown option 'intervall'").contains("known options: file, interval")
                .contains("'help' alone describes them");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void helpDescribesEveryOptionAndTheJarRunAloneSaysTheSame(Path jdk) throws Exception {
        ForkedRun.Result help = ForkedRun.run(jdk, "help", List.of(), testprograms.DropsAndKeeps.class.getName());
        assertThat(help.exitCode()).as(help.stderr()).isZero();
        assertThat(help.stderr()).isEmpty();
        assertThat(help.stdout()).startsWith("heapprof agent 0.").contains("Usage: java -javaagent:")
                .contains("interval=BYTES", "512k", "cache=DIR", "help").doesNotContain("kept " + testprograms.DropsAndKeeps.COUNT); // the program never ran

        Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-jar", ForkedRun.AGENT_JAR.toString()).redirectErrorStream(true).start();
        String alone = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(alone).isZero();
        assertThat(alone).isEqualTo(help.stdout());
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theHookAndItsDependenciesExistOnceInTheBootLoader(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + Files.createTempDirectory("who").resolve("p"), List.of(),
                testprograms.WhoLoadedTheAgent.class.getName());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("""
                dev.heapprof.agent.AllocationHook boot
                dev.heapprof.api.HeapProf boot
                dev.heapprof.format.EventLogWriter boot
                launcher boot
                """);
        // On the boot class path while the JVM starts: no warning from the JVM about class data sharing.
        assertThat(r.stderr().lines()).allSatisfy(l -> assertThat(l).startsWith("heapprof: "));
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aRenamedJarIsAppendedToTheBootClassPathAtStart(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("renamed");
        Path renamed = Files.copy(ForkedRun.AGENT_JAR, dir.resolve("profiler-agent.jar"));
        ForkedRun.Result r = ForkedRun.run(jdk, renamed, "file=" + dir.resolve("p"), List.of(), testprograms.WhoLoadedTheAgent.class.getName());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("""
                dev.heapprof.agent.AllocationHook boot
                dev.heapprof.api.HeapProf boot
                dev.heapprof.format.EventLogWriter boot
                launcher app
                """);
        assertThat(r.stderr()).containsPattern("heapprof: [0-9,]+ samples?, ");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aHeapprofJarOfAnotherBuildBesideARenamedOneIsNotRunInItsPlace(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("two-builds");
        Path renamed = Files.copy(ForkedRun.AGENT_JAR, dir.resolve("profiler-agent.jar"));
        Path other = Files.copy(ForkedRun.AGENT_JAR, dir.resolve("heapprof.jar"));
        try (FileSystem zip = FileSystems.newFileSystem(other)) {
            Files.writeString(zip.getPath("another-build.txt"), "not the same file");
        }
        ForkedRun.Result r = ForkedRun.run(jdk, renamed, "file=" + dir.resolve("p"), List.of(), testprograms.KnownAllocations.class.getName());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ok\n");
        assertThat(r.stderr()).contains("heapprof: the agent did not start: the JVM took the agent from " + other)
                .contains("the agent jar given is " + renamed).contains("the program runs without it").doesNotContainPattern("[0-9,]+ samples?, ");
        assertThat(dir.resolve("p.hpd")).doesNotExist();
        // An identical copy is the same agent: it runs.
        Files.copy(ForkedRun.AGENT_JAR, other, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ForkedRun.Result same = ForkedRun.run(jdk, renamed, "file=" + dir.resolve("q"), List.of(), testprograms.KnownAllocations.class.getName());
        assertThat(same.exitCode()).as(same.stderr()).isZero();
        assertThat(same.stderr()).doesNotContain("did not start").containsPattern("heapprof: [0-9,]+ samples?, ");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theApiIsANoOpWithoutTheAgent(Path jdk) throws Exception {
        // The program has the API on its class path (the agent module's classes) but no -javaagent.
        Path apiClasses = ForkedRun.AGENT_JAR.getParent().resolve("classes");
        Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-cp", ForkedRun.TEST_CLASSES + java.io.File.pathSeparator + apiClasses,
                testprograms.KnownAllocations.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("ok\n");
    }
}
