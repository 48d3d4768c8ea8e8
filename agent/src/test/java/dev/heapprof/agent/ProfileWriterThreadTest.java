package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.agent.it.RecordedProfile;
import dev.heapprof.format.GcInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileWriterThreadTest {
    @TempDir
    Path dir;

    private final ThreadSampler thread = new ThreadSampler(Thread.currentThread(), 1, 42, 0);

    @Test
    void droppedSamplesBecomeFreesAtTheEndOfTheGcThatFoundThemAndKeptOnesDoNot() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        DeathTracker deaths = new DeathTracker();
        SampleRecorder recorder = new SampleRecorder(log, deaths, 0, 128);
        GcMonitor gcs = new GcMonitor(log);
        gcs.start();
        ProfileWriterThread writer = new ProfileWriterThread(log, recorder, deaths, gcs, TimeUnit.MILLISECONDS.toNanos(100));
        writer.start();
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] o = new byte[1000 + i];
            long size = 1016 + i;
            Optional.of(o).ifPresent(a -> recorder.sample(thread, a, size));
            if (i % 2 == 0) {
                kept.add(o);
            }
        }
        for (int attempt = 0; attempt < 100 && deaths.trackedCount() > 5; attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        writer.finish();
        gcs.stop();
        log.close();

        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        assertThat(p.allocs).hasSize(10);
        assertThat(p.frees).hasSize(5).allSatisfy(f -> {
            assertThat(f.size() % 2).as("the odd ones were dropped").isEqualTo(1);
            GcInfo gc = p.gcs.stream().filter(g -> g.id() == f.gcId()).findFirst().orElseThrow();
            assertThat(f.time()).isEqualTo(gc.endNanos());
            assertThat(f.time()).isGreaterThanOrEqualTo(f.allocTime());
        });
        assertThat(p.gcs).extracting(GcInfo::id).startsWith(1L).isSorted().doesNotHaveDuplicates();
        assertThat(p.counters).as("one at the start, one per flush, one at the end").hasSizeGreaterThanOrEqualTo(2);
        assertThat(p.counters.get(p.counters.size() - 1)[1]).isGreaterThan(p.counters.get(0)[1]);
        assertThat(kept).hasSize(5); // reachable until here
    }

    @Test
    void aSampleReachesTheFileWithinTheFlushIntervalWithoutAnyExit() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        SampleRecorder recorder = new SampleRecorder(log, null, 0, 128);
        GcMonitor gcs = new GcMonitor(log);
        ProfileWriterThread writer = new ProfileWriterThread(log, recorder, null, gcs, TimeUnit.MILLISECONDS.toNanos(200));
        writer.start();
        try {
            recorder.sample(thread, new Object(), 16);
            // What a kill -9 would leave: the files as they are on disk now, read while still open.
            int seen = 0;
            for (int attempt = 0; attempt < 200 && seen == 0; attempt++) {
                Thread.sleep(50);
                seen = new RecordedProfile(dir.resolve("p")).allocs.size();
            }
            assertThat(seen).isEqualTo(1);
        } finally {
            writer.finish();
            log.close();
        }
    }
}
