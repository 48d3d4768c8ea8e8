package dev.heapprof.analyzer;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 1.5 KiB}, {@code 23.4 MiB}, {@code 2.00 GiB}; negatives keep their sign. */
public final class ByteUnits {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteUnits() {}

    public static String format(double bytes) {
        if (Double.isNaN(bytes)) {
            return "n/a";
        }
        double magnitude = Math.abs(bytes);
        if (magnitude < 1024) {
            return String.format(Locale.ROOT, "%d B", Math.round(bytes));
        }
        int unit = 0;
        while (magnitude >= 1024 && unit < UNITS.length - 1) {
            magnitude /= 1024;
            unit++;
        }
        String number = magnitude >= 100 ? String.format(Locale.ROOT, "%.0f", magnitude)
                : magnitude >= 10 ? String.format(Locale.ROOT, "%.1f", magnitude) : String.format(Locale.ROOT, "%.2f", magnitude);
        return (bytes < 0 ? "-" : "") + number + " " + UNITS[unit];
    }
}
