package dev.heapprof.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.heapprof.format.ObjectLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the agent asks the VM and the machine: object layout, host name, allocated-bytes total. */
final class VmFacts {
    private VmFacts() {}

    /** The VM's flags, as its management bean reports them. */
    private static HotSpotDiagnosticMXBean hotspot() {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    static ObjectLayout objectLayout() {
        HotSpotDiagnosticMXBean hotspot = hotspot();
        return new ObjectLayout(flag(hotspot, "UseCompressedOops"), flag(hotspot, "UseCompressedClassPointers"),
                flag(hotspot, "UseCompactObjectHeaders"), alignment(hotspot));
    }

    private static boolean flag(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false; // the flag does not exist on this VM (compact headers before JDK 24)
        }
    }

    private static int alignment(HotSpotDiagnosticMXBean hotspot) {
        try {
            int a = Integer.parseInt(hotspot.getVMOption("ObjectAlignmentInBytes").getValue());
            return Integer.bitCount(a) == 1 ? a : 8;
        } catch (RuntimeException e) {
            return 8;
        }
    }

    /**
     * The size from which G1 gives an object regions of its own (half a region), or
     * {@link Long#MAX_VALUE} when the collector is not G1 or the VM does not say.
     */
    static long g1HumongousBytes() {
        try {
            HotSpotDiagnosticMXBean hotspot = hotspot();
            if (!flag(hotspot, "UseG1GC")) {
                return Long.MAX_VALUE;
            }
            long region = Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
            return region > 0 ? region / 2 : Long.MAX_VALUE;
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Whether the collector is generational ZGC (JDK 21 to 23 with {@code -XX:+ZGenerational}, and
     * every ZGC from JDK 24 on, when the flag went away), which clears weak references only when it
     * collects its old generation (docs/agent.md, "Deaths and GCs").
     */
    static boolean generationalZgc() {
        try {
            HotSpotDiagnosticMXBean hotspot = hotspot();
            if (!flag(hotspot, "UseZGC")) {
                return false;
            }
            try {
                return Boolean.parseBoolean(hotspot.getVMOption("ZGenerational").getValue());
            } catch (IllegalArgumentException noSuchFlag) {
                return Runtime.version().feature() >= 24; // before 21 ZGC had no generations; from 24 it has nothing else
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The host name without a DNS lookup (which can take seconds at start-up). */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    private static com.sun.management.ThreadMXBean threadBean() {
        try {
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            return bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled() ? bean : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Bytes this thread has allocated so far (0 where the VM cannot tell): to count the agent's own allocation. */
    static long currentThreadAllocatedBytes() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static final MethodHandle TOTAL_ALLOCATED = totalAllocatedHandle();

    /**
     * {@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()}: all bytes the JVM has
     * allocated, finished threads included. Called through a handle because it is newer than the
     * Java 17 API we compile against (it is present in the 17.0.x updates and in 21+).
     */
    private static MethodHandle totalAllocatedHandle() {
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            MethodHandle h = MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class,
                    "getTotalThreadAllocatedBytes", MethodType.methodType(long.class));
            return h.bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The JVM's own total of allocated bytes, or -1 where the VM cannot tell. */
    static long totalAllocatedBytes() {
        if (TOTAL_ALLOCATED == null) {
            return -1;
        }
        try {
            return (long) TOTAL_ALLOCATED.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }
}
