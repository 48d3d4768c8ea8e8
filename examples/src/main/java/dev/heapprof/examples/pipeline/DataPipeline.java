package dev.heapprof.examples.pipeline;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo program: an order-processing pipeline in four phases, written so that its memory over
 * time tells a story a heap profiler should reveal.
 *
 * <ol>
 *   <li><b>ingest</b>: orders stream through {@link IngestStage}; parsing makes short-lived
 *       garbage (the steady baseline) and every new customer adds a {@link Session} to the
 *       {@link SessionCache}, which never evicts (the slow leak);</li>
 *   <li><b>report</b>: {@link ReportStage} materializes a window of orders into columns, a sort buffer
 *       and an index, queries them for about a second, then drops them (the spike);</li>
 *   <li><b>ingest</b> again, the leak still growing;</li>
 *   <li><b>summary</b>: totals per region, and the line {@code records=N leaked=M checksum=C}.</li>
 * </ol>
 *
 * <p>Stdout carries only what is the same in every run at a given scale, so that tests and users
 * can compare runs; timings go to stderr. {@link #run} returns the exit code rather than calling
 * {@link System#exit}, so that it can be tested in-process.
 */
public final class DataPipeline {
    static final int PHASES = 4;

    /** Exit code of a bad command line. */
    static final int EXIT_USAGE = 2;

    private final Workload workload;
    private final PrintStream out;
    private final PrintStream err;
    private final RecordGenerator source = new RecordGenerator();
    private final RegionTotals totals = new RegionTotals();
    private final SessionCache sessions = new SessionCache();
    private final Checksum checksum = new Checksum();
    private final IngestStage ingest = new IngestStage(totals, sessions, checksum);

    DataPipeline(Workload workload, PrintStream out, PrintStream err) {
        this.workload = workload;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        System.out.flush();
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs the pipeline as the command line asks and returns the process's exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        PipelineArguments arguments;
        try {
            arguments = PipelineArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("DataPipeline: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (arguments.help()) {
            out.println(PipelineArguments.USAGE);
            return 0;
        }
        new DataPipeline(Workload.forScale(arguments.scale()), out, err).runAllPhases();
        return 0;
    }

    void runAllPhases() {
        long start = System.nanoTime();
        ingestFirstPart();
        report();
        ingestSecondPart();
        summarize();
        took("run", start);
    }

    /** Phase 1: the first half of the stream. */
    void ingestFirstPart() {
        long start = System.nanoTime();
        phase(1, "ingest: streaming " + workload.ordersPerIngestPhase()
                + " orders (parse, totals per region, a session per customer)");
        ingest.stream(source, workload.ordersPerIngestPhase());
        out.println("  sessions held: " + sessions.size());
        took("phase 1/" + PHASES, start);
    }

    /**
     * Phase 2: the report, the spike. Its buffers are reachable only from this method's frame, so
     * they are garbage as soon as it returns.
     */
    void report() {
        long start = System.nanoTime();
        phase(2, "report (spike): materializing a window of " + workload.reportWindow()
                + " orders into columns, a sort buffer and an index");
        ProfilerMarks.mark("report: start");
        ReportStage report = new ReportStage(workload.reportWindow(), workload.drillDowns());
        report.materialize(source, ingest);
        ReportSummary summary = report.run();
        ProfilerMarks.mark("report: end");
        checksum.add(summary.digest());
        out.println("  " + summary.describe());
        took("phase 2/" + PHASES, start);
    }

    /** Phase 3: the second half of the stream, the leak still growing. */
    void ingestSecondPart() {
        long start = System.nanoTime();
        phase(3, "ingest: streaming " + workload.ordersPerIngestPhase() + " more orders");
        ingest.stream(source, workload.ordersPerIngestPhase());
        out.println("  sessions held: " + sessions.size());
        took("phase 3/" + PHASES, start);
    }

    /** Phase 4: totals, the biggest spender, and the summary line. */
    void summarize() {
        long start = System.nanoTime();
        phase(4, "summary");
        for (int r = 0; r < Region.count(); r++) {
            Region region = Region.ofOrdinal(r);
            out.println("  " + region.label() + ": orders=" + totals.orders(region) + " revenue="
                    + ReportSummary.cents(totals.revenueCents(region)));
            checksum.add(totals.revenueCents(region));
        }
        Session biggest = sessions.biggestSpender();
        if (biggest != null) {
            out.println("  biggest spender: cust-" + biggest.customerId() + " orders=" + biggest.orders()
                    + " spent=" + ReportSummary.cents(biggest.spentCents()));
        }
        checksum.add(sessions.digest());
        out.println("records=" + ingest.records() + " leaked=" + sessions.size() + " checksum="
                + String.format(Locale.ROOT, "%016x", checksum.value()));
        took("phase 4/" + PHASES, start);
    }

    /** Sessions the leaking cache holds now: it only ever grows. */
    int liveSessions() {
        return sessions.size();
    }

    private void phase(int number, String what) {
        out.println("phase " + number + "/" + PHASES + ": " + what);
    }

    private void took(String what, long startNanos) {
        err.println(String.format(Locale.ROOT, "DataPipeline: %s took %.2f s", what,
                (System.nanoTime() - startNanos) / 1e9));
    }
}
