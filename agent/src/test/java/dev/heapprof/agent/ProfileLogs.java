package dev.heapprof.agent;

import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.RunId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A {@link ProfileLog} on real files, as the agent opens it, for the tests of what writes into it. */
final class ProfileLogs {
    /** The log and the two writers under it (a test closes one to make writes fail). */
    record Opened(ProfileLog log, MetadataWriter metadata, EventLogWriter events) {}

    private ProfileLogs() {}

    static ProfileLog open(Path base, long interval) throws IOException {
        return open(base, interval, AgentLogs.none()).log();
    }

    static Opened open(Path base, long interval, AgentLog agentLog) throws IOException {
        ProfilePaths paths = new ProfilePaths(base);
        RunId run = RunId.random();
        ObjectLayout layout = new ObjectLayout(true, true, false, 8);
        MetadataWriter metadata = MetadataWriter.create(paths.metadata(), new ProfileHeader(run, 1_000_000_000L, interval, 1, "host",
                "vm", "vendor", "17", "cmd", "Main", "interval=" + interval, layout, 128, Map.of()), true);
        EventLogWriter events = EventLogWriter.create(paths.events(), new EventLogHeader(run, 1_000_000_000L, interval, 1_000_000_000L),
                layout.objectAlignment(), metadata, true);
        return new Opened(new ProfileLog(base, metadata, events, System.nanoTime(), agentLog), metadata, events);
    }
}
