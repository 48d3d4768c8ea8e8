package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.agent.it.RecordedProfile;
import dev.heapprof.format.Frame;
import dev.heapprof.format.GcInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLogTest {
    @TempDir
    Path dir;

    private static final StackTraceElement[] STACK = {
        new StackTraceElement("dev.heapprof.agent.AllocationHook", "allocated", "AllocationHook.java", 10),
        new StackTraceElement("com.example.Cache", "put", "Cache.java", 42),
        new StackTraceElement("com.example.Main", "main", null, -2), // native: no line
    };

    @Test
    void aRepeatedStackIsOneTraceAndItsFramesReadBack() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0);
        long first = log.alloc(10, 1, "main", "byte[]", STACK, 1, 2, false, 24);
        long again = log.alloc(20, 1, null, "byte[]", STACK.clone(), 1, 2, false, 32);
        long otherType = log.alloc(30, 1, null, "int[]", STACK, 1, 2, false, 24);
        long truncated = log.alloc(40, 1, null, "byte[]", STACK, 1, 2, true, 24);
        long byId = log.allocOfTrace(50, 2, "worker", first, 16);
        log.close();

        assertThat(again).isEqualTo(first);
        assertThat(byId).isEqualTo(first);
        assertThat(otherType).isNotIn(first, truncated);
        assertThat(truncated).isNotEqualTo(first);
        assertThat(log.traceCount()).isEqualTo(3);

        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        assertThat(p.eventsReport.isClean()).isTrue();
        assertThat(p.allocs).extracting(RecordedProfile.Alloc::size).containsExactly(24L, 32L, 24L, 24L, 16L);
        assertThat(p.allocs.get(0).trace().frames()).containsExactly(new Frame("com.example.Cache", "put", "Cache.java", 42),
                new Frame("com.example.Main", "main", null, 0));
        assertThat(p.allocs.get(3).trace().truncated()).isTrue();
        assertThat(p.allocs.get(2).trace().allocatedType()).isEqualTo("int[]");
        assertThat(p.metadata.threadName(1)).isEqualTo("main");
        assertThat(p.metadata.threadName(2)).isEqualTo("worker");
    }

    @Test
    void eachKindOfEventReadsBackAndAFreeNeverPrecedesItsAllocation() throws Exception {
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 512 * 1024);
        long trace = log.alloc(1_000, 1, "main", "java.lang.Object", STACK, 1, 1, false, 16);
        log.gc(new GcInfo(1, "G1 Young Generation", "G1 Evacuation Pause", 2_000, 3_000, 1 << 20, 1 << 10, 4 << 20));
        log.free(500, trace, 16, 1_000, 1); // found dead "before" it was allocated: a clock skew, written at its allocation
        log.mark("phase 2");
        log.counter(-1); // the VM cannot tell: nothing written
        log.counter(123_456);
        long events = log.eventCount();
        log.close();

        assertThat(events).isEqualTo(5);
        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        assertThat(p.samplingInterval).isEqualTo(512 * 1024);
        assertThat(p.gcs).singleElement().satisfies(gc -> {
            assertThat(gc.id()).isEqualTo(1);
            assertThat(gc.collector()).isEqualTo("G1 Young Generation");
            assertThat(gc.endNanos()).isEqualTo(3_000);
        });
        assertThat(p.frees).singleElement().satisfies(f -> {
            assertThat(f.time()).isEqualTo(1_000);
            assertThat(f.allocTime()).isEqualTo(1_000);
            assertThat(f.gcId()).isEqualTo(1);
            assertThat(f.trace().id()).isEqualTo(trace);
        });
        assertThat(p.marks).containsExactly("phase 2");
        assertThat(p.counters).singleElement().satisfies(c -> assertThat(c[1]).isEqualTo(123_456));
    }

    @Test
    void aFileRemovedUnderTheLogStopsItAtTheNextFlushInsteadOfFillingTheDiskUnseen() throws Exception {
        Path messages = dir.resolve("agent.log");
        AgentLog agentLog = AgentLog.open(messages.toString());
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0, agentLog).log();
        log.alloc(1, 1, "main", "byte[]", STACK, 1, 2, false, 24);
        log.flush();
        Files.delete(dir.resolve("p.hpd")); // writes into it would still succeed, into a file no one can open

        log.alloc(2, 1, null, "byte[]", STACK, 1, 2, false, 24);
        log.flush();
        log.mark("after");
        log.flush();
        log.close();
        agentLog.close();

        assertThat(log.lostEvents()).isEqualTo(1);
        assertThat(Files.readAllLines(messages)).singleElement().asString()
                .isEqualTo("heapprof: " + dir.resolve("p.hpd") + " was removed while the program ran; profiling stopped, the program carries on");
        assertThat(dir.resolve("p.hpd")).doesNotExist();
    }

    @Test
    void aFileReplacedUnderTheLogIsNoticedToo() throws Exception {
        Path messages = dir.resolve("agent.log");
        AgentLog agentLog = AgentLog.open(messages.toString());
        ProfileLog log = ProfileLogs.open(dir.resolve("p"), 0, agentLog).log();
        Files.delete(dir.resolve("p.hpm"));
        Files.writeString(dir.resolve("p.hpm"), "someone else's");
        log.alloc(1, 1, "main", "byte[]", STACK, 1, 2, false, 24);
        log.flush();
        log.close();
        agentLog.close();

        assertThat(Files.readAllLines(messages)).singleElement().asString().contains(dir.resolve("p.hpm") + " was replaced by another file while the program ran");
        assertThat(Files.readString(dir.resolve("p.hpm"))).as("never written into").isEqualTo("someone else's");
    }

    @Test
    void aFailedWriteIsSaidOnceAndWhatFollowsIsCountedAsLost() throws Exception {
        Path messages = dir.resolve("agent.log");
        AgentLog agentLog = AgentLog.open(messages.toString());
        ProfileLogs.Opened opened = ProfileLogs.open(dir.resolve("p"), 0, agentLog);
        ProfileLog log = opened.log();
        log.alloc(1, 1, "main", "byte[]", STACK, 1, 2, false, 24);
        log.flush();
        opened.metadata().close(); // the file is gone from under us: every later block fails

        log.alloc(2, 1, null, "int[]", STACK, 1, 2, false, 24);
        log.flush(); // the failure: said once
        long lost = log.alloc(3, 1, null, "long[]", STACK, 1, 2, false, 24);
        log.mark("after");
        log.free(4, 1, 24, 1, 0);
        log.flush();
        log.close();
        agentLog.close();

        assertThat(lost).isEqualTo(-1);
        assertThat(log.lostEvents()).isEqualTo(3);
        assertThat(Files.readAllLines(messages)).singleElement().asString()
                .startsWith("heapprof: cannot write " + dir.resolve("p") + ".hpd/.hpm (")
                .endsWith("profiling stopped, the program carries on");
        RecordedProfile p = new RecordedProfile(dir.resolve("p"));
        assertThat(p.allocs).as("what was flushed before the failure stays readable").hasSize(1);
    }
}
