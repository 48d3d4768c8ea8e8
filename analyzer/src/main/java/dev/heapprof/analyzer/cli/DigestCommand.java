package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.ByteUnits;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestSummary;
import dev.heapprof.analyzer.digest.Durations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof digest BASE}: (re)builds BASE.hpc. */
@Command(usageHelpWidth = 120, name = "digest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the digest (BASE.hpc): snapshots of live bytes over time.", "",
            "Builds BASE.hpc from BASE.hpd: snapshots of live bytes per stack trace over time, which every view reads.",
            "The other commands build it when it is missing or stale; run this one to choose the interval or the precision.",
            "Ctrl-C stops it between two blocks and leaves a valid partial digest."},
        footer = {"", "Examples:", "  heapprof digest out/app                        about 750 snapshots, whatever the run's length",
            "  heapprof digest out/app --interval 100ms --precision 0"})
final class DigestCommand implements Callable<Integer> {
    @Mixin
    ProfileArgument profile;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between snapshots: 100ms, 1s, 2.5s, 1m ... Default: chosen for about 750 snapshots.")
    String interval;

    @Option(names = "--precision", paramLabel = "FRACTION", defaultValue = "0.01",
            description = "Fraction of the live bytes (and of each interval's allocation) that the smallest traces may fold into"
                    + " \"other\" to keep the digest small; 0 keeps every trace. Default: ${DEFAULT-VALUE}.")
    double precision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DigestOptions options = new DigestOptions(interval == null ? 0 : Durations.parse(interval), precision);
        // Ctrl-C: ask the digest to stop after its current block, and give it a moment to, so that the
        // partial digest on disk ends with a whole snapshot.
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            TerminalProgress.stopRequested = true;
            try {
                stopped.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "heapprof-digest-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        Profile opened;
        try {
            opened = profile.open(err, options, true);
        } finally {
            stopped.countDown();
        }
        try (Profile p = opened) {
            DigestSummary s = p.digestBuilt();
            out.printf("%s: %,d snapshots every %s, from %,d events (%s) in %.2f s: %.1f million events/s%n", p.paths().digest(),
                    s.snapshots(), Durations.format(s.intervalNanos()), s.events(), ByteUnits.format(s.eventsBytes()),
                    s.elapsedNanos() / 1e9, s.eventsPerSecond() / 1e6);
            out.printf("peak %s live at %.3f s; %,d traces; digest %s%s%n", ByteUnits.format(s.peakLiveBytes()), s.peakTimeNanos() / 1e9,
                    s.traces(), ByteUnits.format(Files.size(p.paths().digest())), s.complete() ? "" : " (interrupted: partial)");
            if (s.unmatchedFrees() > 0) {
                err.printf("heapprof: note: %,d frees had no matching allocation (lost with a damaged block) and were ignored%n",
                        s.unmatchedFrees());
            }
            return s.complete() ? 0 : 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting (Ctrl-C): the hook has run
            }
        }
    }
}
