package dev.heapprof.agent;


/**
 * Byte counts for people: 1 B, 1.5 KiB, 3.2 GiB (binary units, as the JVM's own tools use). Always
 * with a decimal point, whatever the program's locale: the exit line is English.
 */
final class Bytes {
    private Bytes() {}

    static String format(long bytes) {
        if (bytes < 0) {
            // Long.MIN_VALUE has no positive counterpart: its magnitude is taken as a double.
            return "-" + (bytes == Long.MIN_VALUE ? scaled(-(double) bytes) : format(-bytes));
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        return scaled(bytes);
    }

    private static String scaled(double bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return Numbers.fixed(v, v < 10 ? 2 : v < 100 ? 1 : 0) + " " + units[u];
    }
}
