package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heapprof.agent.DeathTracker.TrackedSample;
import dev.heapprof.agent.it.RecordedProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRecorderTest {
    @TempDir
    Path dir;

    private final ThreadSampler thread = new ThreadSampler(Thread.currentThread(), 7, 42, 1000);

    @Test
    void aSampleIsWrittenAtTheProgramsFrameWithOursLeftOut() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 1000);
        SampleRecorder recorder = new SampleRecorder(log, null, 1000, 128);
        int[][] array = new int[3][4];
        // Called from a JDK frame, as woven JDK code calls the hook: the lambda between it and the
        // recorder is in the agent's package, so it goes with the recorder's own frames (only those
        // on top of the stack: this test's method below Optional's is the program's).
        Optional.of(array).ifPresent(a -> recorder.sample(thread, a, 32));
        assertThat(recorder.writePending()).isEqualTo(1);
        log.close();

        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        RecordedProfile.Alloc alloc = p.allocs.get(0);
        assertThat(alloc.size()).isEqualTo(32);
        assertThat(alloc.thread()).isEqualTo(7);
        assertThat(alloc.trace().allocatedType()).isEqualTo("int[][]");
        assertThat(alloc.trace().frames().get(0).className()).isEqualTo("java.util.Optional");
        assertThat(alloc.trace().frames().get(0).methodName()).isEqualTo("ifPresent");
        assertThat(alloc.trace().frames().get(1).methodName()).isEqualTo("aSampleIsWrittenAtTheProgramsFrameWithOursLeftOut");
        assertThat(alloc.trace().frames()).noneMatch(f -> f.className().equals(SampleRecorder.class.getName()));
        assertThat(alloc.trace().truncated()).isFalse();
        assertThat(p.metadata.threadName(7)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aStackDeeperThanTheDepthIsCutAndMarkedTruncated() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 1000);
        SampleRecorder recorder = new SampleRecorder(log, null, 1000, 2);
        Optional.of(new Object()).ifPresent(o -> recorder.sample(thread, o, 16)); // JUnit's frames make it deep
        recorder.writePending();
        log.close();

        RecordedProfile.Alloc alloc = new RecordedProfile(dir.resolve("p")).allocs.get(0);
        assertThat(alloc.trace().frames()).hasSize(2);
        assertThat(alloc.trace().truncated()).isTrue();
    }

    @Test
    void theEstimateWeighsEachSampleByTheInverseOfItsProbability() throws Exception {
        long interval = 1000;
        SampleRecorder recorder = new SampleRecorder(ProfileLogs.open(dir.resolve("p"), interval), null, interval, 128);
        double expected = 0;
        for (long size : new long[] {16, 1000, 10_000, 1 << 20}) {
            recorder.sample(thread, new Object(), size);
            expected += size / (1 - Math.exp(-(double) size / interval)); // p(s) = 1 - exp(-s/interval)
        }
        assertThat(recorder.samples()).isEqualTo(4);
        assertThat(recorder.estimatedBytes()).isCloseTo(expected, within(1e-6 * expected));
        // A 16-byte object stands for about interval/16 of its kind; one far above the interval for itself.
        assertThat(expected).isGreaterThan(1000 + 10_000 + (1 << 20) + 1000);
    }

    @Test
    void afterASampleTheThreadCountsDownAgainFromAFreshDraw() throws Exception {
        SampleRecorder recorder = new SampleRecorder(ProfileLogs.open(dir.resolve("p"), 1000), null, 1000, 128);
        List<Long> countdowns = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            thread.countdown = -5; // the hook crossed zero
            recorder.sample(thread, new Object(), 16);
            countdowns.add(thread.countdown);
        }
        assertThat(countdowns).allSatisfy(c -> assertThat(c).isPositive().isLessThan(Long.MAX_VALUE / 2));
        assertThat(countdowns.stream().distinct().count()).as("drawn, not fixed").isGreaterThan(40);
        // The sample ran with the thread marked busy and left it: agent code parks the countdown again.
        thread.enter();
        assertThat(thread.countdown).isEqualTo(Long.MAX_VALUE);
        thread.exit();
    }

    @Test
    void aTrackedSampleLearnsItsTraceSoThatItsDeathCanNameIt() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        DeathTracker deaths = new DeathTracker();
        SampleRecorder recorder = new SampleRecorder(log, deaths, 0, 128);
        Optional.of(new byte[100]).ifPresent(o -> recorder.sample(thread, o, 120));
        recorder.writePending();
        log.close();

        List<TrackedSample> dead = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && dead.isEmpty(); attempt++) {
            System.gc();
            dead.addAll(deaths.drain(100));
        }
        long written = new RecordedProfile(dir.resolve("p")).allocs.get(0).trace().id();
        assertThat(dead).singleElement().satisfies(s -> {
            assertThat(s.traceId).isEqualTo(written);
            assertThat(s.size).isEqualTo(120);
        });
    }

    @Test
    void pastTheQueuesBoundTheAllocatingThreadWritesItsOwnSample() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        SampleRecorder recorder = new SampleRecorder(log, null, 0, 128);
        int extra = 10;
        for (int i = 0; i < SampleRecorder.MAX_PENDING + extra; i++) {
            recorder.sample(thread, new Object(), 16);
        }
        assertThat(log.eventCount()).as("written at once, nothing dropped").isEqualTo(extra);
        assertThat(recorder.writePending()).isEqualTo(SampleRecorder.MAX_PENDING);
        assertThat(log.eventCount()).isEqualTo(SampleRecorder.MAX_PENDING + extra);
        assertThat(recorder.dropped()).isZero();
        log.close();
    }

    @Test
    void aSampleThatCannotBeWrittenIsCountedAsDroppedAndNeverThrown() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        SampleRecorder recorder = new SampleRecorder(log, new DeathTracker(), 0, 128);
        log.close();
        recorder.sample(thread, new Object(), 16);
        recorder.writePending();
        assertThat(recorder.samples()).isEqualTo(1);
        assertThat(recorder.dropped()).isEqualTo(1);
    }
}
