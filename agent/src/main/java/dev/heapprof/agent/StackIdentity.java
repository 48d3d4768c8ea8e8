package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Recognizes a stack that was seen before without decoding it. Decoding a captured stack into
 * {@link StackTraceElement}s costs about 10 microseconds at depth 64 (the JVM builds an element and
 * its strings per frame), while most samples repeat a stack already recorded. HotSpot keeps a
 * captured stack in the {@code Throwable}'s private {@code backtrace} field as chunks of 32 frames:
 * a {@code short[]} of method numbers, an {@code int[]} of bytecode index and class version, and an
 * {@code Object[]} of classes, plus a link to the next chunk. This class reads those three arrays to
 * build a {@link Key}: same key, same frames, same lines.
 *
 * <p>The layout is the JVM's own business, so {@link #open} checks it first: on a stack of known
 * shape, the classes it reads must be the classes {@code getStackTrace()} names, frame by frame, and
 * two captures at different lines must give different keys. If anything differs (another JVM, a
 * changed layout, a module that cannot be opened) it returns {@code null} and every stack is decoded,
 * as before. Keys hold the classes of their frames strongly; the cache in {@link SampleRecorder}
 * that keeps them is bounded and cleared when full, so classes are not kept from unloading for long.
 */
final class StackIdentity {
    private static final int METHODS = 0;
    private static final int BCIS = 1;
    private static final int MIRRORS = 2;
    private static final int CHUNK = 32;
    /** The agent's frames, which decoded traces leave out from the top (as {@link SampleRecorder} does). */
    private static final String AGENT_PACKAGE = "dev.heapprof.agent.";

    private final VarHandle backtrace;
    private final VarHandle depth;
    /** Where a chunk links to the next one (4 on JDK 17, 5 on JDK 25, found by {@link #open}). */
    private final int nextSlot;

    private StackIdentity(VarHandle backtrace, VarHandle depth, int nextSlot) {
        this.backtrace = backtrace;
        this.depth = depth;
        this.nextSlot = nextSlot;
    }

    /**
     * Opens {@code java.lang} to the agent, finds the layout and checks it on stacks taken by
     * {@code capture}, as the samples' are; {@code null} with the reason in {@code why[0]} if this
     * JVM's stacks cannot be recognized this way.
     */
    static StackIdentity open(Instrumentation inst, StackCapture capture, String[] why) {
        try {
            MethodHandles.Lookup lookup = StackCapture.throwableInternals(inst);
            VarHandle backtrace = lookup.findVarHandle(Throwable.class, "backtrace", Object.class);
            VarHandle depth = lookup.findVarHandle(Throwable.class, "depth", int.class);
            Throwable deep = Probe.deep(capture, CHUNK + 8);
            int nextSlot = findNextSlot((Object[]) backtrace.get(deep));
            StackIdentity identity = new StackIdentity(backtrace, depth, nextSlot);
            String problem = identity.check(capture, deep);
            if (problem != null) {
                why[0] = problem;
                return null;
            }
            return identity;
        } catch (Throwable t) {
            why[0] = t.toString();
            return null;
        }
    }

    /** The slot, after the three arrays, that holds an array shaped like the chunk itself. */
    private static int findNextSlot(Object[] chunk) {
        for (int slot = MIRRORS + 1; slot < chunk.length; slot++) {
            if (chunk[slot] instanceof Object[] next && next.length == chunk.length && next[MIRRORS] instanceof Object[]) {
                return slot;
            }
        }
        throw new IllegalStateException("no link between chunks in a backtrace of " + chunk.length + " slots");
    }

    /** Compares what this class reads with what the JVM decodes; the problem, or {@code null}. */
    private String check(StackCapture capture, Throwable deep) {
        StackTraceElement[] decoded = deep.getStackTrace();
        Key key = keyOf(deep, Object.class, Integer.MAX_VALUE);
        if (key == null || key.depth != decoded.length || key.mirrors.length != decoded.length) {
            return "backtrace depth differs from the decoded stack";
        }
        for (int i = 0; i < decoded.length; i++) {
            if (!(key.mirrors[i] instanceof Class<?> c) || !c.getName().equals(decoded[i].getClassName())) {
                return "backtrace frame " + i + " differs from the decoded stack";
            }
        }
        Key[] first = new Key[2];
        Key[] second = new Key[2];
        for (int round = 0; round < 2; round++) { // the same call site twice
            Throwable[] pair = Probe.twoLines(capture);
            first[round] = keyOf(pair[0], Object.class, Integer.MAX_VALUE);
            second[round] = keyOf(pair[1], Object.class, Integer.MAX_VALUE);
        }
        if (first[0] == null || second[0] == null || first[0].equals(second[0]) || !first[0].equals(first[1])
                || !second[0].equals(second[1]) || first[0].equals(keyOf(deep, Object.class, Integer.MAX_VALUE))) {
            return "backtrace keys do not tell lines apart";
        }
        return null;
    }

    /**
     * The key of a captured stack and the allocated type: the agent's own frames on top (those of
     * {@code dev.heapprof.agent}, which the decoded trace leaves out), the {@code depth} frames after
     * them that the trace keeps, and the total depth, which decides whether the trace is marked
     * truncated. Two captures with the same key decode to the same trace. {@code null} if the
     * backtrace is not what {@link #open} found.
     */
    Key keyOf(Throwable stack, Class<?> type, int depth) {
        if (!(backtrace.get(stack) instanceof Object[] chunk)) {
            return null;
        }
        int total = (int) this.depth.get(stack);
        int capacity = (int) Math.min(total, Math.min((long) depth + 8, 1L << 16));
        Object[] mirrors = new Object[capacity];
        long[] places = new long[capacity];
        int ours = 0;
        int i = 0;
        short[] methods = null;
        int[] bcis = null;
        Object[] classes = null;
        while (i < total && i < (long) ours + depth) {
            int j = i % CHUNK;
            if (j == 0) {
                if (i > 0) {
                    if (!(chunk[nextSlot] instanceof Object[] next)) {
                        return null;
                    }
                    chunk = next;
                }
                if (!(chunk[METHODS] instanceof short[] m) || !(chunk[BCIS] instanceof int[] b)
                        || !(chunk[MIRRORS] instanceof Object[] c)) {
                    return null;
                }
                methods = m;
                bcis = b;
                classes = c;
            }
            if (i == mirrors.length) {
                mirrors = Arrays.copyOf(mirrors, (int) Math.min(total, mirrors.length * 2L));
                places = Arrays.copyOf(places, mirrors.length);
            }
            Object mirror = classes[j];
            if (ours == i && mirror instanceof Class<?> c && c.getName().startsWith(AGENT_PACKAGE)) {
                ours++;
            }
            mirrors[i] = mirror;
            places[i] = ((long) methods[j] << 32) | (bcis[j] & 0xFFFF_FFFFL);
            i++;
        }
        if (i < mirrors.length) {
            mirrors = Arrays.copyOf(mirrors, i);
            places = Arrays.copyOf(places, i);
        }
        return new Key(type, total, mirrors, places);
    }

    /** A stack by identity: the type, the depth and, per frame, the class, method number and bytecode index. */
    static final class Key {
        private final Class<?> type;
        private final int depth;
        private final Object[] mirrors;
        private final long[] places;
        private final int hash;

        Key(Class<?> type, int depth, Object[] mirrors, long[] places) {
            this.type = type;
            this.depth = depth;
            this.mirrors = mirrors;
            this.places = places;
            int h = System.identityHashCode(type) * 31 + depth;
            for (int i = 0; i < mirrors.length; i++) {
                h = h * 31 + System.identityHashCode(mirrors[i]);
                h = h * 31 + Long.hashCode(places[i]);
            }
            this.hash = h;
        }

        /** Frames held: what a cache of keys costs. */
        int frames() {
            return places.length;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || k.type != type || k.depth != depth || !Arrays.equals(k.places, places)) {
                return false;
            }
            for (int i = 0; i < mirrors.length; i++) {
                if (k.mirrors[i] != mirrors[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Stacks of known shape for the check. */
    private static final class Probe {
        static Throwable deep(StackCapture capture, int frames) {
            return frames <= 0 ? capture.capture() : deep(capture, frames - 1);
        }

        static Throwable[] twoLines(StackCapture capture) {
            Throwable first = capture.capture();
            Throwable second = capture.capture();
            return new Throwable[] {first, second};
        }
    }
}
