package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the classes that were loaded before the agent started (most of java.base) by
 * retransforming them in batches; when a batch fails, its classes are retried one by one, so one
 * class that cannot be retransformed never keeps the others unwoven.
 */
final class LoadedClassReweaver {
    private static final int BATCH = 64;

    private final Instrumentation inst;
    private final AllocationWeaver weaver;
    private final WeavingStats stats;

    LoadedClassReweaver(Instrumentation inst, AllocationWeaver weaver, WeavingStats stats) {
        this.inst = inst;
        this.weaver = weaver;
        this.stats = stats;
    }

    void reweaveAll() {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) {
                continue;
            }
            if (weaver.reasonToSkip(c.getName().replace('.', '/')) != null) {
                continue;
            }
            candidates.add(c);
        }
        for (int i = 0; i < candidates.size(); i += BATCH) {
            List<Class<?>> batch = candidates.subList(i, Math.min(candidates.size(), i + BATCH));
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (Throwable batchFailure) {
                for (Class<?> c : batch) {
                    try {
                        inst.retransformClasses(c);
                    } catch (Throwable t) {
                        stats.failed("retransform refused");
                    }
                }
            }
        }
    }
}
