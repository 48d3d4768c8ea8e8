package dev.heapprof.bench.hook;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one sample costs at depth 64, measured directly rather than as a difference of JMH scores
 * divided by a small sampling probability (whose error bars swamp the figure).
 *
 * <p>Two child JVMs run the same loop, {@link Program}: {@value Program#ALLOCATIONS} allocations of
 * a 24-byte object 64 frames deep, in rounds, once with the agent at {@code interval=1g} (nothing is
 * sampled: the hook's common path only) and once at {@code interval=16k} (a sample every ~680
 * allocations, about 30,000 samples). On the allocating thread, a sample costs the difference of the
 * two loops divided by the number of samples, which the agent's exit line states exactly: in CPU
 * time of that thread (what the sampled path itself spends) and in wall time (which adds the GC
 * pauses the samples cause and, on a machine with few cores, the time the thread waits for one while
 * the agent's threads run). The other half of a sample, decoding and interning its stack, runs on
 * the agent's writer thread; the child reads that thread's CPU time from the JVM around each round
 * (after letting the writer catch up) and divides by the samples of a round. Each child repeats the
 * loop five times and keeps the fastest round, so JIT warm-up is not counted; for the writer it keeps
 * the median of the last three rounds (its first round is mostly its code running before the JIT
 * compiled it) and also reports the whole run's average, warm-up included.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.heapprof.bench.hook.SampleCostReport agent/target/heapprof.jar</pre>
 */
public final class SampleCostReport {
    private static final Pattern SAMPLES = Pattern.compile("^heapprof: ([0-9,]+) samples?,", Pattern.MULTILINE);
    private static final Pattern RESULT = Pattern.compile(
            "^RESULT loop_ns=(\\d+) loop_cpu_ns=(\\d+) writer_cpu_ns=(-?\\d+) writer_steady_cpu_ns=(-?\\d+) rounds=(\\d+)$",
            Pattern.MULTILINE);

    private SampleCostReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path jar = Path.of(args.length > 0 ? args[0] : "agent/target/heapprof.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            System.err.println("no agent jar at " + jar + "; build it with ./mvnw -B -q install -DskipTests");
            System.exit(2);
        }
        String java = args.length > 1 ? args[1] : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempDirectory("heapprof-sample-cost");
        Child idle = run(java, jar, out, "interval=1g");
        Child sampling = run(java, jar, out, "interval=16k");
        double perRoundSamples = (double) sampling.samples / sampling.rounds;
        double programNs = (sampling.bestLoopNs - idle.bestLoopNs) / perRoundSamples;
        double programCpuNs = (sampling.bestLoopCpuNs - idle.bestLoopCpuNs) / perRoundSamples;
        double writerNs = sampling.writerSteadyCpuNs / perRoundSamples;
        double writerWholeRunNs = (double) sampling.writerCpuNs / sampling.samples;
        System.out.printf("JVM: %s%n", java);
        System.out.printf("loop of %,d allocations at depth 64: %.1f ms without samples, %.1f ms with %,.0f samples (fastest of %d rounds)%n",
                Program.ALLOCATIONS, idle.bestLoopNs / 1e6, sampling.bestLoopNs / 1e6, perRoundSamples, sampling.rounds);
        System.out.printf("sampled path on the allocating thread: %.2f us of its CPU per sample; %.2f us of wall time per sample"
                + " (also GC pauses and waiting for a core)%n", programCpuNs / 1000, programNs / 1000);
        System.out.printf("decoding and interning on the writer thread: %.2f us of CPU per sample once warm (median of the last"
                + " 3 rounds); %.2f us over the whole run, its JIT warm-up included (%,d samples in all)%n",
                writerNs / 1000, writerWholeRunNs / 1000, sampling.samples);
        System.out.printf("a sample in all: %.2f us of CPU on the two threads once warm (%.2f us with the writer's warm-up"
                + " averaged in)%n", (programCpuNs + writerNs) / 1000, (programCpuNs + writerWholeRunNs) / 1000);
    }

    private record Child(long bestLoopNs, long bestLoopCpuNs, long writerCpuNs, long writerSteadyCpuNs, long samples, int rounds) {}

    private static Child run(String java, Path jar, Path out, String options) throws IOException, InterruptedException {
        Path log = out.resolve(options.replace('=', '-') + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-javaagent:" + jar + "=file=" + out.resolve(options.replace('=', '-')) + "," + options,
                "-cp", System.getProperty("java.class.path"), Program.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Matcher result = RESULT.matcher(text);
        Matcher samples = SAMPLES.matcher(text);
        if (exit != 0 || !result.find() || !samples.find()) {
            throw new IllegalStateException("child " + command + " exited with " + exit + ":\n" + text);
        }
        return new Child(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)), Long.parseLong(result.group(3)),
                Long.parseLong(result.group(4)), Long.parseLong(samples.group(1).replace(",", "")), Integer.parseInt(result.group(5)));
    }

    /** The measured loop: runs under the agent in a child JVM and prints one RESULT line. */
    public static final class Program {
        static final int ALLOCATIONS = 4_000_000;
        static final int ROUNDS = 5;
        /** Long enough for the writer to take what a round left pending (it looks every 20 ms). */
        static final long CATCH_UP_MILLIS = 100;
        /** Keeps each object alive until the next, so that it is really allocated. */
        static volatile Object sink;

        public static void main(String[] args) throws InterruptedException {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            long[] writerPerRound = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long writerBefore = writerCpuNanos();
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                deep(64 - 3); // main, deep's frames and loop's make 64
                best = Math.min(best, System.nanoTime() - start);
                bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpu);
                Thread.sleep(CATCH_UP_MILLIS); // outside the timed loop
                writerPerRound[round] = writerCpuNanos() - writerBefore;
            }
            long[] last = Arrays.copyOfRange(writerPerRound, ROUNDS - 3, ROUNDS);
            Arrays.sort(last);
            Thread.sleep(1500); // the writer decodes what is still pending (it flushes every second)
            System.out.printf("RESULT loop_ns=%d loop_cpu_ns=%d writer_cpu_ns=%d writer_steady_cpu_ns=%d rounds=%d%n", best, bestCpu,
                    writerCpuNanos(), last[1], ROUNDS);
        }

        private static void deep(int frames) {
            if (frames > 1) {
                deep(frames - 1);
            } else {
                loop();
            }
        }

        private static void loop() {
            for (int i = 0; i < ALLOCATIONS; i++) {
                sink = new Point(i, i + 1);
            }
        }

        /** The agent's writer thread's CPU time so far, or -1. */
        private static long writerCpuNanos() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().equals("heapprof-writer")) {
                    return threads.getThreadCpuTime(info.getThreadId());
                }
            }
            return -1;
        }
    }

    /** 24 bytes with compressed class pointers: a header and two ints. */
    record Point(int x, int y) {}
}
