package dev.heapprof.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what the weaver did to each class, with reasons, for the exit summary. */
final class WeavingStats {
    private final LongAdder woven = new LongAdder();
    private final LongAdder fromCache = new LongAdder();
    private final LongAdder withoutAllocations = new LongAdder();
    private final LongAdder sites = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder allocatedBytes = new LongAdder();
    private final Map<String, AtomicLong> skipped = new TreeMap<>();
    private final Map<String, AtomicLong> failed = new TreeMap<>();

    void woven(int allocationSites, int unmatchedSites) {
        woven.increment();
        sites.add(allocationSites);
        unmatched.add(unmatchedSites);
    }

    /** One of the woven classes came from the cache of earlier runs. */
    void fromCache() {
        fromCache.increment();
    }

    long fromCacheCount() {
        return fromCache.sum();
    }

    /** Time spent weaving, for the summary: weaving is the agent's main start-up cost. */
    void spent(long elapsedNanos, long bytesAllocated) {
        nanos.add(elapsedNanos);
        allocatedBytes.add(Math.max(0, bytesAllocated));
    }

    /** Bytes the weaver itself allocated (they are in the JVM's total, not in the program's). */
    long allocatedBytes() {
        return allocatedBytes.sum();
    }

    void withoutAllocations() {
        withoutAllocations.increment();
    }

    synchronized void skipped(String reason) {
        count(skipped, reason);
    }

    synchronized void failed(String reason) {
        count(failed, reason);
    }

    /** Without lambdas: this runs inside class loading (see ClassNameGlob). */
    private static void count(Map<String, AtomicLong> reasons, String reason) {
        AtomicLong n = reasons.get(reason);
        if (n == null) {
            n = new AtomicLong();
            reasons.put(reason, n);
        }
        n.incrementAndGet();
    }

    /** Forgets everything counted so far (after the weaver's warm-up). */
    synchronized void reset() {
        woven.reset();
        fromCache.reset();
        nanos.reset();
        allocatedBytes.reset();
        withoutAllocations.reset();
        sites.reset();
        unmatched.reset();
        skipped.clear();
        failed.clear();
    }

    long woven() {
        return woven.sum();
    }

    long sites() {
        return sites.sum();
    }

    synchronized long skippedCount() {
        return total(skipped);
    }

    synchronized long failedCount() {
        return total(failed);
    }

    private static long total(Map<String, AtomicLong> reasons) {
        long sum = 0;
        for (AtomicLong n : reasons.values()) {
            sum += n.get();
        }
        return sum;
    }

    /** "2,345 woven (40,000 sites), 120 without allocations, 30 skipped (ours 25, excluded 5), 0 failed". */
    synchronized String summary() {
        StringBuilder s = new StringBuilder();
        s.append(Plural.of(woven.sum(), "class", "classes")).append(" woven (").append(Plural.of(sites.sum(), "allocation site", "allocation sites"));
        if (fromCache.sum() > 0) {
            s.append(", ").append(Plural.of(fromCache.sum(), "class", "classes")).append(" from the cache");
        }
        if (unmatched.sum() > 0) {
            s.append(", ").append(Plural.of(unmatched.sum(), "constructor call", "constructor calls")).append(" unmatched");
        }
        s.append("), ").append(Numbers.grouped(withoutAllocations.sum())).append(" without allocations, ")
                .append(Numbers.grouped(skippedCount())).append(" skipped");
        appendReasons(s, skipped);
        s.append(", ").append(Numbers.grouped(failedCount())).append(" failed");
        appendReasons(s, failed);
        s.append(" in ").append(Numbers.grouped(nanos.sum() / 1_000_000)).append(" ms");
        return s.toString();
    }

    private static void appendReasons(StringBuilder s, Map<String, AtomicLong> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        s.append(" (");
        boolean first = true;
        for (Map.Entry<String, AtomicLong> e : reasons.entrySet()) {
            s.append(first ? "" : ", ").append(e.getKey()).append(' ').append(Numbers.grouped(e.getValue().get()));
            first = false;
        }
        s.append(')');
    }
}
