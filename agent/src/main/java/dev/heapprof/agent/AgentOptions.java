package dev.heapprof.agent;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's option string, {@code key=value,key=value}, in both directions: the agent parses it
 * and the Maven plugin and the CLI build it. Each key is documented in docs/agent.md. An unknown
 * key or a bad value is an {@link IllegalArgumentException} whose message is one line naming the
 * option and what it allows.
 */
public final class AgentOptions {
    public static final String FILE = "file";
    public static final String INTERVAL = "interval";
    public static final String SEED = "seed";
    public static final String DEPTH = "depth";
    public static final String INCLUDE = "include";
    public static final String EXCLUDE = "exclude";
    public static final String LIVE = "live";
    public static final String FLUSH = "flush";
    public static final String LOG = "log";
    public static final String CACHE = "cache";

    public static final String DEFAULT_FILE = "heapprof-%p";
    public static final long DEFAULT_INTERVAL = 512 * 1024;
    public static final int DEFAULT_DEPTH = 128;
    public static final long DEFAULT_FLUSH_NANOS = 1_000_000_000L;
    public static final int MAX_DEPTH = 4096;

    private static final List<String> KEYS = List.of(FILE, INTERVAL, SEED, DEPTH, INCLUDE, EXCLUDE, LIVE, FLUSH, LOG, CACHE);
    /** Every key, in the order the docs list them. */
    static List<String> keys() {
        return KEYS;
    }

    private final Map<String, String> given;
    private final String file;
    private final long interval;
    private final Long seed;
    private final int depth;
    private final List<ClassNameGlob> include;
    private final List<ClassNameGlob> exclude;
    private final boolean live;
    private final long flushNanos;
    private final String log;
    private final String cache;

    private AgentOptions(Map<String, String> given) {
        this.given = given;
        this.file = given.getOrDefault(FILE, DEFAULT_FILE);
        if (file.isBlank()) {
            throw bad(FILE, file, "a file base such as /tmp/run-%p (%p = pid, %t = start time)");
        }
        this.interval = given.containsKey(INTERVAL) ? parseBytes(given.get(INTERVAL)) : DEFAULT_INTERVAL;
        this.seed = given.containsKey(SEED) ? parseSeed(given.get(SEED)) : null;
        this.depth = given.containsKey(DEPTH) ? parseDepth(given.get(DEPTH)) : DEFAULT_DEPTH;
        this.include = patterns(INCLUDE, given.get(INCLUDE));
        this.exclude = patterns(EXCLUDE, given.get(EXCLUDE));
        this.live = given.containsKey(LIVE) ? parseBoolean(LIVE, given.get(LIVE)) : true;
        this.flushNanos = given.containsKey(FLUSH) ? parseDuration(given.get(FLUSH)) : DEFAULT_FLUSH_NANOS;
        this.log = given.getOrDefault(LOG, "stderr");
        if (log.isBlank()) {
            throw bad(LOG, log, "stderr, none, or a file path");
        }
        this.cache = given.get(CACHE);
        if (cache != null && cache.isBlank()) {
            throw bad(CACHE, cache, "off, or the directory for woven classes kept between runs (default ~/.cache/heapprof)");
        }
    }

    /** Parses {@code key=value,key=value}; {@code null} or empty gives the defaults. */
    public static AgentOptions parse(String options) {
        Map<String, String> given = new LinkedHashMap<>();
        if (options != null && !options.isBlank()) {
            for (String part : options.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("heapprof: option '" + part.strip() + "' needs the form key=value; keys: " + String.join(", ", KEYS)
                            + " ('help' alone describes them)");
                }
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = part.substring(eq + 1).strip();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("heapprof: unknown option '" + key + "'; known options: " + String.join(", ", KEYS)
                            + " ('help' alone describes them)");
                }
                if (given.put(key, value) != null) {
                    throw new IllegalArgumentException("heapprof: option '" + key + "' is given twice");
                }
            }
        }
        return new AgentOptions(given);
    }

    /** The option string that {@link #parse} turns back into these options (for the plugin and CLI). */
    public static String format(Map<String, String> options) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("heapprof: unknown option '" + e.getKey() + "'");
            }
            if (e.getValue().contains(",")) {
                throw new IllegalArgumentException("heapprof: option '" + e.getKey() + "' cannot contain a comma");
            }
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        String text = s.toString();
        parse(text);
        return text;
    }

    private static IllegalArgumentException bad(String key, String value, String allowed) {
        return new IllegalArgumentException("heapprof: bad value '" + value + "' for option '" + key + "': expected " + allowed);
    }

    static long parseBytes(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > (1L << 40) / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw bad(INTERVAL, value, "bytes between samples, 0 (every allocation) to 1024g, with an optional k, m or g suffix, e.g. 512k");
        }
    }

    private static long parseSeed(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(SEED, value, "a whole number (64-bit)");
        }
    }

    private static int parseDepth(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1 || n > MAX_DEPTH) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(DEPTH, value, "the most frames per stack, 1 to " + MAX_DEPTH);
        }
    }

    private static boolean parseBoolean(String key, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1":
                return true;
            case "false", "off", "no", "0":
                return false;
            default:
                throw bad(key, value, "true or false");
        }
    }

    static long parseDuration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long nanosPerUnit;
        String number;
        if (v.endsWith("ms")) {
            nanosPerUnit = 1_000_000L;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            nanosPerUnit = 1_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            nanosPerUnit = 60_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else {
            throw bad(FLUSH, value, "a duration from 10ms to 10m with a unit: ms, s or m, e.g. 1s");
        }
        try {
            long n = Long.parseLong(number);
            long nanos = n * nanosPerUnit;
            if (n <= 0 || nanos < 10_000_000L || nanos > 600_000_000_000L) {
                throw new NumberFormatException();
            }
            return nanos;
        } catch (NumberFormatException e) {
            throw bad(FLUSH, value, "a duration from 10ms to 10m with a unit: ms, s or m, e.g. 1s");
        }
    }

    /** Class-name globs separated by ':' ({@code *} matches any characters), e.g. {@code com.acme.*:org.foo.Bar}. */
    private static List<ClassNameGlob> patterns(String key, String value) {
        List<ClassNameGlob> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String glob : value.split(":")) {
            String g = glob.strip();
            if (g.isEmpty()) {
                continue;
            }
            if (!g.matches("[A-Za-z0-9_$.*/\\[\\]-]+")) {
                throw bad(key, value, "class-name patterns separated by ':', with * as wildcard, e.g. com.acme.*:org.foo.Bar");
            }
            out.add(new ClassNameGlob(g.replace('/', '.')));
        }
        return out;
    }

    /**
     * The file base with {@code %p} and {@code %t} expanded, reading the clock only when the name has
     * {@code %t}: the local time zone and java.time's formatting cost the JVM's start-up about 10 ms.
     */
    public Path fileBase(long pid) {
        return fileBase(pid, file.contains("%t") ? LocalDateTime.now() : null);
    }

    /** The file base with {@code %p} and {@code %t} expanded ({@code start} is needed only for {@code %t}). */
    public Path fileBase(long pid, LocalDateTime start) {
        String name = file.replace("%p", Long.toString(pid));
        if (name.contains("%t")) {
            name = name.replace("%t", start.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return Path.of(name).toAbsolutePath();
    }

    /** Mean bytes between samples; 0 = exact mode, every allocation recorded. */
    public long interval() {
        return interval;
    }

    /** The sampling seed, or {@code null} for a different sequence each run. */
    public Long seed() {
        return seed;
    }

    public int depth() {
        return depth;
    }

    public boolean live() {
        return live;
    }

    /** Whether {@code live} was given, not left to its default (which depends on the collector: docs/agent.md). */
    public boolean liveGiven() {
        return given.containsKey(LIVE);
    }

    public long flushNanos() {
        return flushNanos;
    }

    public String log() {
        return log;
    }

    /**
     * Where woven classes are kept between runs, or {@code null} for {@code cache=off}. The default is
     * {@code $XDG_CACHE_HOME/heapprof}, or {@code ~/.cache/heapprof} when that variable is not set.
     */
    public Path cacheDir(Map<String, String> environment, String userHome) {
        if (cache != null) {
            return cache.equalsIgnoreCase("off") ? null : Path.of(cache).toAbsolutePath();
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "heapprof");
        }
        return Path.of(userHome, ".cache", "heapprof");
    }

    /** Whether a class (binary name with dots) is woven according to include and exclude. */
    public boolean weaves(String className) {
        // Plain loops: this runs inside class loading, where lambdas and streams can recurse into it.
        if (!include.isEmpty() && !anyMatches(include, className)) {
            return false;
        }
        return !anyMatches(exclude, className);
    }

    private static boolean anyMatches(List<ClassNameGlob> globs, String className) {
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i).matches(className)) {
                return true;
            }
        }
        return false;
    }

    /** The options as given, for the profile header. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        // A loop, not forEach with a lambda: each lambda's first call costs the agent's start a bootstrap.
        for (Map.Entry<String, String> e : given.entrySet()) {
            s.append(s.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }
}
