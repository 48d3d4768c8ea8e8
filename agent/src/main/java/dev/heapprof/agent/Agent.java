package dev.heapprof.agent;

import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.RunId;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Starts and stops profiling: opens the files, installs the hook and the weaver, re-weaves the
 * classes already loaded, runs the background {@link ProfileWriterThread}, and at exit flushes
 * everything and prints one summary line.
 */
public final class Agent {
    private static volatile Agent running;
    /** MARK labels with this prefix are the agent's own (docs/format.md, MARK): its exit line. */
    static final String EXIT_MARK_PREFIX = "heapprof:exit ";
    static final String OWN_BYTES_MARK_PREFIX = "heapprof:agent-allocated-bytes ";
    /** Coverage is printed when the program allocated at least this many sampling intervals (~20 samples). */
    private static final long MIN_BYTES_FOR_COVERAGE_INTERVALS = 20;

    private final AgentOptions options;
    private final AgentLog log;
    private final ProfileLog profile;
    private final SampleRecorder recorder;
    private final DeathTracker deaths;
    private final GcMonitor gcs;
    private final WeavingStats weaving;
    /** What the weaver had allocated when the JVM's count below was read: its earlier bytes are outside the count. */
    private final long weavingBytesAtStart;
    private final ProfileWriterThread writer;
    private final long startTotalAllocated;
    /** Asked at start: generational ZGC clears weak references only in old collections (docs/agent.md). */
    private final boolean generationalZgc;
    /** Set in {@link #begin}, after the shutdown hook that reads them is registered (null until then). */
    private volatile LoadedClassReweaver reweaver;
    private final WeaveCache cache;

    private Agent(AgentOptions options, AgentLog log, ProfileLog profile, boolean generationalZgc, WeavingStats weaving, WeaveCache cache) {
        this.options = options;
        this.log = log;
        this.profile = profile;
        this.generationalZgc = generationalZgc;
        this.weaving = weaving;
        this.cache = cache;
        this.deaths = tracksDeaths(options, generationalZgc) ? new DeathTracker(VmFacts.g1HumongousBytes()) : null;
        this.recorder = new SampleRecorder(profile, deaths, options.interval(), options.depth());
        this.gcs = new GcMonitor(profile);
        this.writer = new ProfileWriterThread(profile, recorder, deaths, gcs, options.flushNanos());
        this.weavingBytesAtStart = weaving.allocatedBytes();
        this.startTotalAllocated = VmFacts.totalAllocatedBytes();
    }

    /**
     * Whether deaths are tracked: as {@code live} says, and by default except under generational
     * ZGC, where the weak references would keep every sampled object until an old collection (jackson
     * took 1.7 times as long) and report few deaths anyway (docs/agent.md, "Deaths and GCs").
     */
    static boolean tracksDeaths(AgentOptions options, boolean generationalZgc) {
        return options.liveGiven() ? options.live() : !generationalZgc;
    }

    /**
     * The smallest heap the agent starts in, as the JVM reports {@code -Xmx8m} (7.5 MiB under
     * ParallelGC). Its own objects (buffers, the cache's index, the weaver) take 2 to 3 MiB, and in
     * a heap of 4 MiB it ran out of memory before {@code main}, leaving a half-started agent and a
     * stream of OutOfMemoryErrors in the program's output.
     */
    static final long MIN_HEAP_BYTES = 7L << 20;

    /** Why a heap of this maximum is too small for the agent, or {@code null}. */
    static String heapTooSmall(long maxHeapBytes) {
        if (maxHeapBytes >= MIN_HEAP_BYTES) {
            return null;
        }
        return "the heap's maximum, " + Bytes.format(maxHeapBytes) + ", leaves no room for it beside the program (it needs -Xmx8m or more)";
    }

    /**
     * Called by the launcher (boot loader copy), {@code attached} when loaded into a running JVM
     * rather than before its {@code main}; {@code bootCopy} when the launcher itself was found on the
     * boot class path through the manifest, where another build's jar may stand. A bad option is an
     * IllegalArgumentException.
     */
    public static void start(String optionString, Instrumentation inst, boolean attached, boolean bootCopy) throws IOException {
        if (running != null) {
            return;
        }
        AgentOptions options = AgentOptions.parse(optionString);
        AgentLog log = AgentLog.open(options.log());
        String tooSmall = heapTooSmall(Runtime.getRuntime().maxMemory());
        if (tooSmall != null) {
            log.info("the agent did not start: " + tooSmall + "; the program runs without it");
            return;
        }
        long startNanoTime = System.nanoTime();
        // Not the pid, which would load ProcessHandle's machinery before the weaver: two JVMs rarely
        // start in the same nanosecond, and the wall clock tells apart two machines' clocks.
        long seed = options.seed() != null ? options.seed() : startNanoTime ^ Long.rotateLeft(System.currentTimeMillis(), 32);
        // The weaver first, before the agent loads the classes it needs to write a profile (files,
        // JMX, method handles: some 350 JDK classes): loaded after it, they are woven as they load,
        // where loaded before it they would have to be retransformed (docs/agent.md, "Start-up").
        AllocationHook.install(inst, options.interval(), seed);
        ThreadSampler self = AllocationHook.sampler();
        self.enter(); // the start-up thread's work is ours, not the program's
        try {
            startWoven(options, log, inst, attached, bootCopy, startNanoTime);
        } finally {
            self.exit();
        }
    }

    private static void startWoven(AgentOptions options, AgentLog log, Instrumentation inst, boolean attached, boolean bootCopy,
            long startNanoTime) throws IOException {
        WeavingStats weaving = new WeavingStats();
        WeaveCache cache = openCache(options, log);
        AllocationWeaver weaver = new AllocationWeaver(options, weaving, log, cache);
        weaver.warmUp();
        readsWhatWovenCodeCalls(inst);
        inst.addTransformer(weaver, true);
        Class<?>[] loadedBefore = inst.getAllLoadedClasses();
        Agent agent;
        try {
            // Before the agent's count of the JVM's allocation starts (in its constructor), so that
            // the weaving of the classes this loads stays outside it, as does all weaving until now.
            weaver.countAllocationFromNowOn();
            String conflict = bootCopy ? otherBuildOnBootPath() : null;
            if (conflict != null) {
                inst.removeTransformer(weaver);
                System.err.println("heapprof: the agent did not start: " + conflict + "; the program runs without it");
                return;
            }
            agent = open(options, log, startNanoTime, weaving, cache);
        } catch (IOException | RuntimeException | Error e) {
            // No profile to write to: the classes woven so far call a hook that records nothing.
            inst.removeTransformer(weaver);
            throw e;
        }
        running = agent;
        agent.begin(inst, attached, weaver, loadedBefore);
    }

    /**
     * Lets java.base read the unnamed modules that woven code calls into, as the JDK itself does
     * after the first class of a module is transformed ({@code Modules.transformedByAgent}). Done
     * here, before the weaver, because the JDK's way loads classes of its own (the module's
     * reflection data) and the first class it transforms could be one of them: a
     * ClassCircularityError, which the JVM would keep as that class's answer for good.
     */
    private static void readsWhatWovenCodeCalls(Instrumentation inst) {
        inst.redefineModule(Object.class.getModule(), Set.of(Agent.class.getModule(), ClassLoader.getSystemClassLoader().getUnnamedModule()),
                Map.of(), Map.of(), Set.of(), Map.of());
    }

    private static String otherBuildOnBootPath() throws IOException {
        try {
            return AgentJar.otherBuildOnBootPath();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("the agent jar's location is not a file (" + e.getMessage() + ")", e);
        }
    }

    /** Creates the profile's two files and the agent that writes them. */
    private static Agent open(AgentOptions options, AgentLog log, long startNanoTime, WeavingStats weaving,
            WeaveCache cache) throws IOException {
        Instant startInstant = Instant.now();
        long startEpochNanos = startInstant.getEpochSecond() * 1_000_000_000L + startInstant.getNano();
        long pid = ProcessHandle.current().pid();
        Path base = options.fileBase(pid);
        ProfilePaths paths = new ProfilePaths(base);
        if (base.getParent() != null) {
            java.nio.file.Files.createDirectories(base.getParent()); // file=out/run-%p works in a fresh checkout
        }
        ObjectLayout layout = VmFacts.objectLayout();
        RunId runId = RunId.random();
        String command = System.getProperty("sun.java.command", "");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("java.home", System.getProperty("java.home", ""));
        properties.put("os", System.getProperty("os.name", "") + " " + System.getProperty("os.arch", ""));
        properties.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        properties.put("max.heap.bytes", Long.toString(Runtime.getRuntime().maxMemory()));
        boolean generationalZgc = VmFacts.generationalZgc();
        properties.put("live", tracksDeaths(options, generationalZgc) ? "true"
                : options.liveGiven() ? "false" : "false (generational ZGC; live=true tracks deaths anyway)");
        ProfileHeader header = new ProfileHeader(runId, startEpochNanos, options.interval(), pid, VmFacts.hostName(),
                System.getProperty("java.vm.name", ""), System.getProperty("java.vm.vendor", ""),
                System.getProperty("java.runtime.version", ""), ProcessHandle.current().info().commandLine().orElse(command),
                command.isEmpty() ? "" : command.split(" ", 2)[0], options.toString(), layout, options.depth(), properties);
        MetadataWriter hpm = MetadataWriter.create(paths.metadata(), header, true);
        EventLogWriter hpd = EventLogWriter.create(paths.events(),
                new EventLogHeader(runId, startEpochNanos, options.interval(), options.flushNanos()), layout.objectAlignment(), hpm, true);
        ProfileLog profile = new ProfileLog(base, hpm, hpd, startNanoTime, log);
        return new Agent(options, log, profile, generationalZgc, weaving, cache);
    }

    /** Starts recording, then retransforms the classes loaded before the weaver was registered. */
    private void begin(Instrumentation inst, boolean attached, AllocationWeaver weaver, Class<?>[] loadedBefore) {
        if (cache != null) {
            cache.touch();
        }
        String[] why = new String[1];
        StackCapture capture = StackCapture.open(inst, why);
        if (!capture.withoutConstructor()) {
            log.info("sampled stacks are taken with Throwable's constructor, which JFR records as exceptions (" + why[0] + ")");
        }
        StackIdentity stacks = StackIdentity.open(inst, capture, why);
        recorder.takeStacksWith(capture, stacks);
        if (stacks == null) {
            log.info("every sampled stack will be decoded, repeated ones too (" + why[0] + ")");
        }
        String notKeptOutOfC2 = WeaverCompilation.keepOutOfC2(inst, cache);
        if (notKeptOutOfC2 != null) {
            log.info("the weaver stays eligible for C2, which costs compile time (" + notKeptOutOfC2 + ")");
        }
        gcs.start();
        writer.start();
        // A named Runnable, not this::stop: a lambda's bootstrap would cost the start a few milliseconds.
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitHook(this), "heapprof-exit"));
        AllocationHook.attach(recorder);
        reweaver = new LoadedClassReweaver(inst, weaver, weaving, attached);
        reweaver.reweave(loadedBefore); // on this thread, never beside the program: see LoadedClassReweaver
    }

    /** The cache of woven classes, or {@code null} (off, or a directory that cannot be used: one line says why). */
    private static WeaveCache openCache(AgentOptions options, AgentLog log) {
        Path dir = options.cacheDir(System.getenv(), System.getProperty("user.home", "."));
        if (dir == null) {
            return null;
        }
        try {
            String jvm = System.getProperty("java.vm.name", "") + " " + System.getProperty("java.runtime.version", "") + " "
                    + System.getProperty("java.home", "");
            WeaveCache opened = WeaveCache.open(dir, WeaveCache.fileName(WeaveCache.agentChecksum(), jvm));
            if (opened.problem() != null) {
                log.info("cache of woven classes: " + opened.problem());
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof UnsupportedOperationException ? "the file system has no POSIX permissions"
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            log.info("woven classes are not cached between runs (" + why + "); cache=off turns this line off");
            return null;
        }
    }

    /** At exit: the last deaths and GCs, a last counter, everything flushed, one summary line. */
    private void stop() {
        AllocationHook.sampler().parkForever();
        if (reweaver != null) {
            reweaver.stop(); // loaded into a running JVM that exits while the agent starts
        }
        writer.finish();
        String cached = saveCache();
        AllocationHook.disable();
        gcs.stop();
        String summary = summary(cached);
        // The exit line goes into the profile too, so that `heapprof info` can show what the agent saw,
        // with the agent's own allocation as a number: the JVM's counter includes it.
        profile.mark(OWN_BYTES_MARK_PREFIX + ownBytes());
        profile.mark(EXIT_MARK_PREFIX + summary);
        profile.close();
        log.info(summary);
        log.close();
    }

    /** Writes the classes woven in this run to the cache; what it did, for the summary, or {@code null}. */
    private String saveCache() {
        if (cache == null) {
            return null;
        }
        try {
            int added = cache.save();
            String dropped = cache.notAdded() > 0 ? " (" + Numbers.grouped(cache.notAdded()) + " more not kept: too many bytes)" : "";
            return "cache " + cache.file() + ": " + Plural.of(cache.hits(), "class", "classes") + " reused, " + Numbers.grouped(added) + " added"
                    + dropped;
        } catch (IOException | RuntimeException e) {
            return "cache " + cache.file() + ": " + Plural.of(cache.hits(), "class", "classes") + " reused, none added (" + e + ")";
        }
    }

    private String summary(String cached) {
        long samples = recorder.samples();
        double estimated = recorder.estimatedBytes();
        long total = VmFacts.totalAllocatedBytes();
        StringBuilder s = new StringBuilder();
        s.append(Plural.of(samples, "sample", "samples")).append(", about ").append(Bytes.format((long) estimated)).append(" allocated");
        if (total >= 0 && startTotalAllocated >= 0 && total > startTotalAllocated) {
            // The JVM's count includes what the agent allocated (weaving, stacks, its thread):
            // coverage compares the samples with the program's share only.
            long jvm = total - startTotalAllocated;
            long own = ownBytes();
            long program = jvm - own;
            if (program >= MIN_BYTES_FOR_COVERAGE_INTERVALS * Math.max(options.interval(), 1 << 16)) {
                s.append(" of the program's ").append(Bytes.format(program)).append(" (coverage ").append(Numbers.fixed(100.0 * estimated / program, 0))
                        .append("%; the JVM counted ").append(Bytes.format(jvm)).append(", ").append(Bytes.format(own)).append(" of it the agent's)");
            } else {
                // Too few samples to be expected: a ratio would be noise (or absurd, for a program that allocated nothing).
                long floor = MIN_BYTES_FOR_COVERAGE_INTERVALS * Math.max(options.interval(), 1 << 16);
                s.append(" (no coverage figure: the program allocated ").append(Bytes.format(Math.max(program, 0))).append(", less than ")
                        .append(MIN_BYTES_FOR_COVERAGE_INTERVALS).append(" sampling intervals (").append(Bytes.format(floor))
                        .append("), too few samples for a ratio; the JVM counted ").append(Bytes.format(jvm)).append(", ")
                        .append(Bytes.format(Math.min(own, jvm))).append(" of it the agent's)");
            }
        }
        if (deaths != null) {
            s.append("; ").append(Plural.of(deaths.trackedCount(), "object", "objects")).append(" tracked, ").append(Plural.of(gcs.count(), "GC", "GCs"));
            long humongous = deaths.humongousTracked();
            if (humongous > 0) {
                // The one way tracking changes the program: say so where it happened (docs/agent.md).
                s.append(" (").append(Plural.of(humongous, "humongous array", "humongous arrays")).append(" of ")
                        .append(Bytes.format(deaths.humongousTrackedBytes()))
                        .append(" sampled, which G1 frees only in a concurrent cycle while they are tracked; live=false avoids it)");
            }
            if (generationalZgc) { // live=true given
                // The profile's live bytes are then mostly wrong: say so where the run is reported.
                long ever = deaths.everTracked();
                s.append(" (generational ZGC reported the death of ").append(Numbers.grouped(ever - deaths.trackedCount())).append(" of the ")
                        .append(Plural.of(ever, "tracked object", "tracked objects"))
                        .append(": it clears weak references only when it collects its old generation, so the profile shows the others as live)");
            }
        }
        if (deaths == null && options.live()) { // live left to its default, which generational ZGC turned off
            s.append("; deaths not tracked: generational ZGC clears weak references only when it collects its old generation,"
                    + " and tracking would keep each sampled object until then (live=true tracks them anyway)");
        }
        s.append("; ").append(weaving.summary());
        String startUp = reweaver == null ? null : reweaver.summary();
        if (startUp != null) {
            s.append(" (").append(startUp).append(')');
        }
        if (cached != null) {
            s.append("; ").append(cached);
        }
        s.append("; wrote ").append(Bytes.format(profile.bytesWritten())).append(" to ").append(profile.base()).append(".hpd");
        if (recorder.dropped() > 0 || profile.lostEvents() > 0) {
            s.append("; problems: ").append(Plural.of(recorder.dropped(), "sample", "samples")).append(" dropped, ")
                    .append(Plural.of(profile.lostEvents(), "event", "events")).append(" not written");
        }
        return s.toString();
    }

    /** Bytes the agent allocated itself: weaving and retransforming, the sampled path's stacks and references, its writer thread. */
    private long ownBytes() {
        LoadedClassReweaver reweaver = this.reweaver;
        return weaving.allocatedBytes() - weavingBytesAtStart + (reweaver == null ? 0 : reweaver.allocatedBytes()) + recorder.ownBytes() + writer.allocatedBytes();
    }

    /** What the JVM runs at exit: {@link #stop}. */
    private static final class ExitHook implements Runnable {
        private final Agent agent;

        ExitHook(Agent agent) {
            this.agent = agent;
        }

        @Override
        public void run() {
            agent.stop();
        }
    }

    /** The running agent, or null (used by {@link AgentBridge}). */
    static Agent running() {
        return running;
    }

    void mark(String label) {
        ThreadSampler self = AllocationHook.sampler();
        self.enter();
        try {
            profile.mark(label);
        } finally {
            self.exit();
        }
    }
}
