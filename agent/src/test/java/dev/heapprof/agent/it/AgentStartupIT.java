package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the agent does at start-up: the weaver kept out of C2, the classes loaded before it woven before main, loading into a running JVM. */
class AgentStartupIT {
    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theWeaverIsNeverCompiledByC2(Path jdk) throws Exception {
        // Exact mode weaves the ~1,000 start-up classes before main: the weaver's methods get hot
        // (without the cache, which would hand over the classes woven by an earlier test).
        ForkedRun.Result r = ForkedRun.run(jdk, "interval=0,live=false,cache=off,file=" + tempBase(), List.of("-XX:+PrintCompilation"),
                testprograms.Idles.class.getName(), "0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("stays eligible for C2");
        List<String> refused = r.stdout().lines().filter(l -> l.contains("made not compilable on level 4")).toList();
        assertThat(refused).isNotEmpty().allSatisfy(l -> assertThat(l).contains("dev.heapprof.agent."));
        assertThat(refused).anySatisfy(l -> assertThat(l).contains("dev.heapprof.agent.shaded.asm.ClassReader::"));
        // ...and the program's own methods, the JDK's and the hook are compiled as usual.
        assertThat(r.stdout().lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+[ %sbn!]*4\\s+java\\.lang\\..*"))).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theClassesLoadedBeforeTheAgentAreWovenBeforeMain(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + tempBase(), List.of(), testprograms.Idles.class.getName(), "0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ok 190\n");
        assertThat(summary(r)).containsPattern("[0-9,]+ classes loaded before the agent: [0-9,]+ retransformed in [0-9,]+ ms before main[,)]")
                .doesNotContain("not woven");
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("Error");
        // A few KiB allocated: no coverage ratio from a sample or two.
        assertThat(summary(r)).containsPattern("no coverage figure: the program allocated [0-9.]+ [KM]?i?B, less than 20 sampling intervals \\(10\\.0 MiB\\), too few samples for a ratio").doesNotContain("%");
    }

    /**
     * The JDK classes the agent's own start loads before its weaver is registered must each be
     * retransformed before main (0.2 to 0.5 ms apiece, and JDK 25 verifies them); loaded after it,
     * they are woven as they load, from the cache. Measured: 555 to 571 such classes when the
     * weaver came last, 202 to 244 since it comes first. The JVM's own start and its loading of the
     * agent jar, before our first class, are not counted.
     */
    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theAgentsOwnStartLoadsFewClassesBeforeItsWeaver(Path jdk) throws Exception {
        Path classLog = Files.createTempDirectory("classes").resolve("loaded.txt");
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + tempBase(), List.of("-Xlog:class+load:file=" + classLog),
                testprograms.Idles.class.getName(), "0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> loaded = Files.readAllLines(classLog);
        int beforeOurs = 0;
        while (beforeOurs < loaded.size() && !loaded.get(beforeOurs).contains(" dev.heapprof.agent.launch.AgentLauncher ")) {
            beforeOurs++;
        }
        assertThat(beforeOurs).as("the launcher's line in the class log").isLessThan(loaded.size());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) classes loaded before the agent").matcher(summary(r));
        assertThat(m.find()).isTrue();
        int beforeWeaver = Integer.parseInt(m.group(1).replace(",", ""));
        assertThat(beforeWeaver - beforeOurs).as("classes loaded by the agent's start before its weaver").isBetween(0, 350);
    }

    /**
     * JDK machinery whose first use costs a run 10 to 30 ms, each of its classes woven too: the
     * security providers (of Files.createTempFile), Formatter and its locale data, a record's
     * generated equals, lambdas of ours. (Not BigDecimal, which the agent avoids too: the JDK's GC
     * notifications load it.)
     */
    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theAgentLoadsNoCostlyJdkMachineryTheProgramDoesNot(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("classes");
        ForkedRun.Result without = ForkedRun.run(jdk, null, List.of("-Xlog:class+load:file=" + dir.resolve("without.txt")),
                testprograms.Idles.class.getName(), "0");
        ForkedRun.Result with = ForkedRun.run(jdk, "file=" + tempBase(), List.of("-Xlog:class+load:file=" + dir.resolve("with.txt")),
                testprograms.Idles.class.getName(), "0");
        assertThat(without.exitCode()).as(without.stderr()).isZero();
        assertThat(with.exitCode()).as(with.stderr()).isZero();
        java.util.Set<String> before = loadedClassNames(dir.resolve("without.txt"));
        List<String> added = loadedClassNames(dir.resolve("with.txt")).stream().filter(c -> !before.contains(c)).toList();
        assertThat(added).as("classes the agent added; its stderr:\n" + with.stderr()).isNotEmpty()
                .doesNotContain("java.security.SecureRandom", "java.util.Formatter", "java.lang.runtime.ObjectMethods")
                .noneMatch(c -> c.startsWith("dev.heapprof.") && c.contains("$$Lambda"));
    }

    private static java.util.Set<String> loadedClassNames(Path classLog) throws java.io.IOException {
        // "[0.012s][info][class,load] java.lang.Object source: shared objects file"
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String line : Files.readAllLines(classLog)) {
            String[] parts = line.split(" ");
            if (parts.length > 1) {
                names.add(parts[1].replaceAll("/0x[0-9a-f]+$", ""));
            }
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theExitLineWritesNumbersAsInEnglishInAnyLocale(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + tempBase(), List.of("-Duser.language=de", "-Duser.country=DE"),
                testprograms.Idles.class.getName(), "8000");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // German would write "50,9 KiB" and "1.290 classes".
        assertThat(summary(r)).containsPattern("; wrote [0-9]+(\\.[0-9]+)? (B|KiB|MiB) to ")
                .doesNotContainPattern("[0-9],[0-9]+ (B|KiB|MiB|GiB)")
                .containsPattern("[0-9],[0-9]{3} classes");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void exactModeWeavesEverythingBeforeMain(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "interval=0,live=false,file=" + tempBase(), List.of(), testprograms.Idles.class.getName(), "0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(summary(r)).containsPattern("classes loaded before the agent: [0-9,]+ retransformed in [0-9,]+ ms before main")
                .doesNotContain("not woven");
    }

    private static String summary(ForkedRun.Result r) {
        return r.stderr().lines().filter(l -> l.startsWith("heapprof: ") && l.matches("heapprof: [0-9,]+ samples?, .*")).findFirst().orElseThrow(
                () -> new AssertionError("no summary line in:\n" + r.stderr()));
    }

    private static Path tempBase() throws java.io.IOException {
        return Files.createTempDirectory("startup").resolve("p");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theAgentCanBeLoadedIntoARunningJvm(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("attach");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process target = new ProcessBuilder(ForkedRun.command(jdk, null, List.of(), testprograms.AllocatesForAWhile.class.getName(), "4000"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.readString(out).startsWith("started"); i++) {
                Thread.sleep(50);
            }
            ForkedRun.Result attach = ForkedRun.run(jdk, null, List.of(), testprograms.LoadsAgentInto.class.getName(),
                    Long.toString(target.pid()), ForkedRun.AGENT_JAR.toString(), "file=" + dir.resolve("p"));
            assertThat(attach.exitCode()).as(attach.stderr()).isZero();
            assertThat(attach.stdout()).isEqualTo("loaded\n");
            assertThat(target.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        } finally {
            target.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertThat(target.exitValue()).as(stderr).isZero();
        assertThat(Files.readString(out)).isEqualTo("started\ndone 10000\n");
        assertThat(stderr).containsPattern("heapprof: [0-9,]+ samples, ")
                // Woven on the attaching thread while the program runs: not "before main".
                .containsPattern("[0-9,]+ classes loaded before the agent: [0-9,]+ retransformed in [0-9,]+ ms[,)]");
        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        // The loop in main runs the code it had before the agent came: its own `new int[]` is never
        // seen (a method running when its class is retransformed keeps its old code), the calls it
        // makes (HashMap.put's new nodes, Integer.valueOf) are.
        assertThat(p.allocsAt(testprograms.AllocatesForAWhile.class.getName(), "main")).isEmpty();
        assertThat(p.allocs).anySatisfy(a -> assertThat(a.trace().frames()).anyMatch(
                f -> f.className().equals(testprograms.AllocatesForAWhile.class.getName()) && f.methodName().equals("main")));
        assertThat(p.frees).isNotEmpty();
    }
}
