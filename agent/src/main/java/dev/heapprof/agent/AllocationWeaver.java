package dev.heapprof.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The class file transformer: weaves {@link AllocationSiteAdapter} into every method of every class
 * it is allowed to touch. Never throws into the JVM: a class that cannot be woven keeps its original
 * bytes, is counted, and is named in the log once.
 */
final class AllocationWeaver implements ClassFileTransformer {
    /**
     * Classes the hook itself runs through, or that the agent runs on: weaving them would make the
     * hook call itself. Prefixes of internal names.
     */
    private static final String[] NEVER = {
        "dev/heapprof/agent/",
        "dev/heapprof/format/",
        "dev/heapprof/api/",
        "java/lang/ThreadLocal",
        "java/lang/ref/",
        "java/lang/Thread",
        "java/lang/instrument/",
        "sun/instrument/",
        "jdk/internal/misc/Unsafe",
        "jdk/internal/vm/",
    };

    private final AgentOptions options;
    private final WeavingStats stats;
    private final AgentLog log;
    /** Woven classes of earlier runs, or {@code null} when there is no cache. */
    private final WeaveCache cache;
    /**
     * Whether transform() asks the JVM what it allocated. Not until the agent has loaded the thread
     * bean, outside any transform: its JMX machinery (some 130 classes) would otherwise be loaded
     * from inside the transform of a class that machinery itself loads (a ClassCircularityError),
     * or before the weaver, where each of those classes would have to be retransformed.
     */
    private volatile boolean countsAllocation;

    AllocationWeaver(AgentOptions options, WeavingStats stats, AgentLog log) {
        this(options, stats, log, null);
    }

    AllocationWeaver(AgentOptions options, WeavingStats stats, AgentLog log, WeaveCache cache) {
        this.options = options;
        this.stats = stats;
        this.log = log;
        this.cache = cache;
    }

    /** Why a class is not woven, or {@code null} if it is. */
    String reasonToSkip(String internalName) {
        for (String prefix : NEVER) {
            if (internalName.startsWith(prefix)) {
                return prefix.startsWith("dev/heapprof/") ? "ours" : "used by the hook";
            }
        }
        if (!options.weaves(internalName.replace('/', '.'))) {
            return "excluded by options";
        }
        return null;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined, ProtectionDomain domain, byte[] bytes) {
        if (className == null || bytes == null) {
            return null;
        }
        ThreadSampler self = AllocationHook.sampler();
        self.enter(); // what the weaver allocates is not the program's
        long start = System.nanoTime();
        boolean counts = countsAllocation;
        long allocatedBefore = counts ? VmFacts.currentThreadAllocatedBytes() : 0;
        try {
            String reason = reasonToSkip(className);
            if (reason != null) {
                stats.skipped(reason);
                return null;
            }
            return weaveOrReuse(className, bytes);
        } catch (Throwable t) {
            String why = t.getClass().getSimpleName();
            stats.failed(why);
            log.once("weave-failed:" + className, "could not weave " + className.replace('/', '.') + " (" + t + "); it runs unchanged");
            return null;
        } finally {
            stats.spent(System.nanoTime() - start, counts ? VmFacts.currentThreadAllocatedBytes() - allocatedBefore : 0);
            self.exit();
        }
    }

    /** From now on, what each transform allocates is counted as the agent's (the thread bean is loaded: see {@link #countsAllocation}). */
    void countAllocationFromNowOn() {
        VmFacts.currentThreadAllocatedBytes();
        countsAllocation = true;
    }

    /**
     * Weaves one class of ours (without keeping the result) so that every class the weaver needs is
     * loaded before it is registered: a class first loaded from inside a transform can be the class
     * being transformed, which the VM reports as a ClassCircularityError.
     */
    void warmUp() {
        loadBoxingCaches();
        try (java.io.InputStream in = AllocationWeaver.class.getResourceAsStream("AllocationWeaver.class")) {
            if (in != null) {
                weave("dev/heapprof/agent/AllocationWeaver", in.readAllBytes());
                if (cache != null) {
                    cache.warmUp(); // the cache's own code, for the same reason
                }
            }
            reasonToSkip("java/lang/Object");
            stats.skipped("warm-up");
            stats.failed("warm-up");
            log.once("warm-up", null);
        } catch (java.io.IOException | RuntimeException e) {
            log.info("weaver warm-up failed (" + e + ")");
        }
        stats.reset();
    }

    /**
     * Loads the JDK's caches of boxed values, which a JVM loads at the first boxing of a small value.
     * When the program boxes first, our transform of the cache class boxes too (ASM boxes a class's
     * constants as it reads them) and needs the very class being loaded: a ClassCircularityError,
     * which the JVM then keeps as the answer to the program's own boxing, forever. Seen on JDK 25 under
     * ZGC and with {@code -Xshare:off}, where {@code Long$LongCache} is not loaded at start.
     */
    static long loadBoxingCaches() {
        return Long.valueOf(1).longValue() + Integer.valueOf(1) + Short.valueOf((short) 1) + Byte.valueOf((byte) 1)
                + Character.valueOf('1');
    }

    /**
     * Whether the cache says the class of this name has no allocation, so that retransforming it
     * would change nothing; counted among those without allocations when it does.
     */
    boolean knownWithoutAllocations(String internalName) {
        if (cache == null || !cache.knownWithoutAllocations(internalName)) {
            return false;
        }
        stats.withoutAllocations();
        return true;
    }

    /** The woven class from the cache when it holds these bytes, else woven now (and kept for the cache). */
    private byte[] weaveOrReuse(String className, byte[] bytes) {
        if (cache == null) {
            return weave(className, bytes);
        }
        WeaveCache.Hit hit = cache.lookup(className, bytes);
        if (hit != null && hit.woven() == null) {
            stats.withoutAllocations();
            return null;
        }
        if (hit != null) {
            stats.woven(hit.sites(), hit.unmatched());
            stats.fromCache();
            return hit.woven();
        }
        int[] counts = new int[2];
        byte[] woven = weave(className, bytes, counts);
        // Kept: a woven class, or one without allocations; not one left unwoven for its size.
        if (woven != null || counts[0] == 0) {
            cache.record(className, bytes, woven, counts[0], counts[1]);
        }
        return woven;
    }

    byte[] weave(String className, byte[] bytes) {
        return weave(className, bytes, new int[2]);
    }

    /** Weaves one class; {@code counts} receives its allocation sites and unmatched constructor calls. */
    byte[] weave(String className, byte[] bytes, int[] counts) {
        AllocationScan scan = AllocationScan.of(bytes);
        if (!scan.allocates()) {
            stats.withoutAllocations();
            return null;
        }
        ClassReader reader = new ClassReader(bytes);
        // No COMPUTE_MAXS: the adapter adds its own stack need, and methods without allocations are
        // copied byte for byte (their visitor is the writer's own).
        ClassWriter writer = new ClassWriter(reader, 0);
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;
            /** Position of the next method in class-file order, as the scan numbers them. */
            private int method;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                owner = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                int index = method++;
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (next == null || !scan.allocates(index)) {
                    return next;
                }
                AllocationSiteAdapter sites = new AllocationSiteAdapter(next, counts);
                if (!scan.usesNew(index)) {
                    return sites; // arrays only: no constructor calls to match, no data flow needed
                }
                UninitializedTracker analyzer = new UninitializedTracker(owner, access, name, descriptor, sites);
                sites.setAnalyzer(analyzer);
                return analyzer;
            }
        };
        reader.accept(visitor, 0);
        if (counts[0] == 0) {
            stats.withoutAllocations();
            return null;
        }
        byte[] woven;
        try {
            woven = writer.toByteArray();
        } catch (MethodTooLargeException e) {
            stats.skipped("method too large once woven");
            log.once("too-large:" + className, "left " + className.replace('/', '.') + " unwoven: " + e.getMethodName()
                    + " would exceed 64 KiB of bytecode");
            return null;
        }
        stats.woven(counts[0], counts[1]);
        return woven;
    }
}
