package dev.heapprof.agent;

/** Byte counts for people: 1 B, 1.5 KiB, 3.2 GiB (binary units, as the JVM's own tools use). */
final class Bytes {
    private Bytes() {}

    static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(-bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
