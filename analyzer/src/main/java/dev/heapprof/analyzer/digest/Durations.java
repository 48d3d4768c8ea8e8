package dev.heapprof.analyzer.digest;

import java.util.Locale;

/** Durations for people: {@code 250 ms}, {@code 1.5 s}, {@code 2 min 5 s}; and parsing {@code 1s}, {@code 250ms}, {@code 2m}. */
public final class Durations {
    private Durations() {}

    public static String format(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + " µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + " ms";
        }
        if (nanos < 120_000_000_000L) {
            return trim(nanos / 1e9) + " s";
        }
        long seconds = Math.round(nanos / 1e9);
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /**
     * Parses a duration: a number (fractions allowed) and a unit, one of {@code ns}, {@code us},
     * {@code µs}, {@code ms}, {@code s}, {@code m}/{@code min}, {@code h}; a bare number is seconds.
     */
    public static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        String number = t.substring(0, split);
        String unit = t.substring(split).strip();
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a number and a unit, as in 500ms, 1s, 2.5s or 1m");
        }
        double scale = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "", "s" -> 1e9;
            case "m", "min" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit + "' (ns, us, ms, s, m, h)");
        };
        double nanos = value * scale;
        if (!(nanos >= 1) || nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is out of range: at least 1 ns");
        }
        return Math.round(nanos);
    }
}
