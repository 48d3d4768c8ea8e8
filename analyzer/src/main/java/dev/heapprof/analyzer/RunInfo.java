package dev.heapprof.analyzer;

import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What is known about the run: when, how long, on which JVM, with which command and agent settings.
 *
 * @param durationNanos from the start of profiling to the last event recorded
 * @param samplingInterval mean bytes between samples; 0 means exact mode (every allocation)
 */
public record RunInfo(Instant start, long durationNanos, long samplingInterval, long pid, String host, String jvmName,
        String jvmVendor, String jvmVersion, String commandLine, String mainClass, String agentOptions, ObjectLayout objectLayout,
        int maxStackDepth, Map<String, String> properties) {

    static RunInfo of(ProfileHeader h, long startEpochNanos, long samplingInterval, long durationNanos) {
        Instant start = Instant.ofEpochSecond(0, startEpochNanos);
        if (h == null) {
            return new RunInfo(start, durationNanos, samplingInterval, -1, "", "", "", "", "", "", "", null, 0, Map.of());
        }
        return new RunInfo(start, durationNanos, samplingInterval, h.pid(), h.host(), h.jvmName(), h.jvmVendor(), h.jvmVersion(),
                h.commandLine(), h.mainClass(), h.agentOptions(), h.objectLayout(), h.maxStackDepth(), h.properties());
    }

    /**
     * Why the agent tracked no deaths, or {@code null} when it did: {@code live=false} given, or its
     * own choice under generational ZGC (the header's {@code live} property, from the agent of this
     * build on; older profiles only have the options as given).
     */
    public String deathsNotTrackedBecause() {
        String live = properties.get("live");
        if (live != null) {
            return live.startsWith("false") ? (live.equals("false") ? "live=false" : live.substring("false".length()).strip()) : null;
        }
        for (String option : agentOptions.split(",")) {
            if (option.strip().equalsIgnoreCase("live=false")) {
                return "live=false";
            }
        }
        return null;
    }

    /** When the last event was recorded. */
    public Instant end() {
        return start.plusNanos(durationNanos);
    }

    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    public double durationSeconds() {
        return durationNanos / 1e9;
    }

    public boolean exactMode() {
        return samplingInterval == 0;
    }
}
