package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.RecordsItselfWithJfr;
import testprograms.RunsOutOfMemory;
import testprograms.WritesALot;

/** The agent never breaks the program: not when it runs out of memory, not when the disk is full or its file is removed. */
class AgentAdversityIT {
    @TempDir
    Path dir;


    /**
     * The program's own JFR recording reads back and holds the program's exceptions, none of the
     * agent's. Sampled stacks taken with Throwable's constructor were exceptions to JFR: 46,127 of
     * them in this run on JDK 17; on JDK 25, throttled to 100 a second, they crowded out the
     * program's own three, and one committed in the middle of JFR's own event made a hello world's
     * recording unreadable one run in three ("Unknown string encoding").
     */
    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theProgramsJfrRecordingHoldsItsOwnExceptionsAndNoneOfTheAgents(Path jdk) throws Exception {
        Path recording = dir.resolve("program.jfr");
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + dir.resolve("jfr") + ",interval=0", List.of(), RecordsItselfWithJfr.class.getName(),
                recording.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ok 3 true\n");
        assertThat(r.stderr()).as(r.stderr()).containsPattern("heapprof: [0-9,]+ samples").doesNotContain("Throwable's constructor");
        List<String> thrown = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (e.getEventType().getName().equals("jdk.JavaExceptionThrow")) {
                thrown.add(e.getClass("thrownClass").getName() + ": " + e.getString("message"));
            }
        }
        assertThat(thrown).containsExactlyInAnyOrder("java.lang.IllegalStateException: the program's own 0",
                "java.lang.IllegalStateException: the program's own 1", "java.lang.IllegalStateException: the program's own 2");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void outOfMemoryIsSurvivedAsWithoutTheAgent(Path jdk) throws Exception {
        List<String> small = List.of("-Xmx48m");
        ForkedRun.Result without = ForkedRun.run(jdk, null, small, RunsOutOfMemory.class.getName());
        ForkedRun.Result with = ForkedRun.run(jdk, "file=" + dir.resolve("oom") + ",interval=16k", small, RunsOutOfMemory.class.getName());
        assertThat(without.exitCode()).isZero();
        assertThat(with.exitCode()).as(with.stderr()).isZero();
        assertThat(with.stdout()).isEqualTo(without.stdout());
        RecordedProfile p = new RecordedProfile(dir.resolve("oom"));
        assertThat(p.eventsReport.problemCount()).isZero();
        assertThat(p.allocsAt(RunsOutOfMemory.class.getName(), "main")).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aHeapTooSmallForTheAgentRunsTheProgramWithoutItAndOneLine(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + dir.resolve("tiny"), List.of("-Xmx4m"), testprograms.Idles.class.getName(), "0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ok 190\n");
        assertThat(r.stderr().lines().toList()).as(r.stderr()).singleElement().asString()
                .matches("heapprof: the agent did not start: the heap's maximum, [0-9.]+ MiB, leaves no room for it beside the program"
                        + " \\(it needs -Xmx8m or more\\); the program runs without it");
        assertThat(dir.resolve("tiny.hpd")).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aSmallHeapFilledByTheProgramAtOnceIsSurvived(Path jdk) throws Exception {
        // 8 MiB, the smallest heap the agent starts in, without a cache: the start-up classes are
        // woven before main, and what the cache would keep of them must not fill the heap.
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + dir.resolve("small") + ",cache=" + dir.resolve("cache"), List.of("-Xmx8m"),
                RunsOutOfMemory.class.getName());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).endsWith("done\n");
        assertThat(r.stderr()).as(r.stderr()).containsPattern("heapprof: [0-9,]+ samples?, ").doesNotContain("agent failed")
                .doesNotContain("Exception in thread");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aFullDiskStopsTheProfileNotTheProgram(Path jdk) throws Exception {
        // ulimit -f makes writes past 256 KiB fail with EFBIG, as a full disk fails them with ENOSPC.
        List<String> javaCommand = ForkedRun.command(jdk, "file=" + dir.resolve("full") + ",interval=0", List.of(), WritesALot.class.getName());
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 256; exec \"$@\"", "bash"));
        cmd.addAll(javaCommand);
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String out = java.nio.file.Files.readString(dir.resolve("out.txt"));
        String err = java.nio.file.Files.readString(dir.resolve("err.txt"));
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("sum 1199997\n");
        assertThat(err.lines().filter(l -> l.contains("cannot write")).toList()).as(err).singleElement().asString()
                .contains("profiling stopped, the program carries on");
        // What was written before the failure is still a readable profile.
        RecordedProfile profile = new RecordedProfile(dir.resolve("full"));
        assertThat(profile.allocs).isNotEmpty();
        assertThat(profile.metadata.header()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aRemovedProfileStopsTheProfileWithOneLineNotTheProgram(Path jdk) throws Exception {
        Path base = dir.resolve("gone");
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + base + ",flush=200ms", List.of(), testprograms.RemovesItsProfile.class.getName(),
                base + ".hpd");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("done\n");
        assertThat(r.stderr().lines().filter(l -> l.contains("profiling stopped")).toList()).as(r.stderr()).singleElement().asString()
                .isEqualTo("heapprof: " + base + ".hpd was removed while the program ran; profiling stopped, the program carries on");
        // The exit line still comes, and says what was not written.
        assertThat(r.stderr()).containsPattern("problems: .* not written");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void aProgramThatBoxesFirstLoadsTheBoxCachesThroughTheWeaverUnharmed(Path jdk) throws Exception {
        // Without the class data archive (and under ZGC on JDK 25) Long$LongCache is loaded by the
        // program's first small boxing, not at start: weaving it must not need it.
        for (List<String> flags : List.of(List.of("-Xshare:off"), List.of("-XX:+UseZGC"))) {
            ForkedRun.Result r = ForkedRun.run(jdk, "file=" + dir.resolve("boxes"), flags, testprograms.BoxesSmallValues.class.getName());
            assertThat(r.exitCode()).as(flags + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("sum 25\n");
            assertThat(r.stderr()).as(flags.toString()).doesNotContain("could not weave").contains("0 failed");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void everyClassOfJavaBaseLoadsThroughTheWeaverAsWithoutTheAgent(Path jdk) throws Exception {
        // Without the class data archive most of java.base is loaded by the program, each class
        // through the weaver: a class the weaver itself needed while weaving it would fail here.
        List<String> flags = List.of("-Xshare:off");
        String program = testprograms.LoadsEveryJdkClass.class.getName();
        ForkedRun.Result without = ForkedRun.run(jdk, null, flags, program);
        ForkedRun.Result with = ForkedRun.run(jdk, "file=" + dir.resolve("all"), flags, program);
        assertThat(with.exitCode()).as(with.stderr()).isZero();
        assertThat(with.stdout()).startsWith("loaded ").isEqualTo(without.stdout());
        assertThat(with.stderr()).doesNotContain("could not weave").contains(" 0 failed");
        // Thousands of classes were woven as they loaded, not only the few the program itself uses.
        assertThat(with.stderr()).containsPattern("[0-9],[0-9]{3} classes woven");
    }
}
