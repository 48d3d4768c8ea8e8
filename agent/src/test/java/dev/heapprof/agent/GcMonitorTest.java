package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.agent.it.RecordedProfile;
import dev.heapprof.format.GcInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcMonitorTest {
    @TempDir
    Path dir;

    @Test
    void collectionsAreNumberedFromOneInTheOrderTheyEnd() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        GcMonitor gcs = new GcMonitor(log);
        long before = gcs.completedCollections();
        gcs.start();
        try {
            System.gc();
            System.gc();
            assertThat(gcs.completedCollections()).isGreaterThanOrEqualTo(before + 2);
            long found = gcs.gcOfDeathsJustFound(10_000); // waits for the notifications to catch up
            assertThat(found).isGreaterThanOrEqualTo(2);
            // Another collection may end meanwhile: what is written is what arrived, numbered from 1.
            int written = gcs.writeArrived();
            assertThat(written).isGreaterThanOrEqualTo((int) found);
            assertThat(gcs.lastId()).isEqualTo(written);
            assertThat(gcs.endOf(written)).isEqualTo(gcs.lastEnd());
            assertThat(gcs.endOf(written + 1)).as("not yet: the last one's end").isEqualTo(gcs.lastEnd());
        } finally {
            gcs.stop();
            log.close();
        }

        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        assertThat(p.gcs).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < p.gcs.size(); i++) {
            GcInfo gc = p.gcs.get(i);
            assertThat(gc.id()).isEqualTo(i + 1);
            assertThat(gc.collector()).isNotBlank();
            assertThat(gc.cause()).isNotBlank();
            assertThat(gc.startNanos()).isLessThanOrEqualTo(gc.endNanos());
            assertThat(gc.heapUsedAfter()).isLessThanOrEqualTo(gc.heapCommitted());
            if (i > 0) {
                assertThat(gc.endNanos()).isGreaterThanOrEqualTo(p.gcs.get(i - 1).endNanos());
            }
        }
        assertThat(p.gcs).anySatisfy(gc -> assertThat(gc.cause()).isEqualTo("System.gc()"));
    }

    @Test
    void deathsFoundWithoutANotificationAreInNoGc() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        GcMonitor gcs = new GcMonitor(log); // never started: it hears of no collection
        assertThat(gcs.gcOfDeathsJustFound(50)).isZero();
        assertThat(gcs.endOf(1)).isZero();
        log.close();
    }
}
