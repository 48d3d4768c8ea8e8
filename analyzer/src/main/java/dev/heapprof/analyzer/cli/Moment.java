package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import java.util.Locale;
import picocli.CommandLine;

/** A moment of the run named on the command line: {@code peak}, {@code end}, {@code start}, or seconds ({@code 12.5}, {@code 12.5s}). */
record Moment(String keyword, double seconds) {
    static Moment parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "peak", "end", "start" -> {
                return new Moment(t, Double.NaN);
            }
            default -> {
                String number = t.endsWith("s") ? t.substring(0, t.length() - 1) : t;
                try {
                    double s = Double.parseDouble(number);
                    if (s >= 0 && Double.isFinite(s)) {
                        return new Moment(null, s);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
                throw new CommandLine.TypeConversionException("'" + text + "' is not a moment: write peak, end, start, or seconds since"
                        + " the start of profiling (12.5 or 12.5s)");
            }
        }
    }

    HeapSnapshot resolve(Profile p) {
        if (keyword == null) {
            return p.snapshotAt(seconds);
        }
        return switch (keyword) {
            case "peak" -> p.peak();
            case "end" -> p.end();
            default -> p.snapshot(0);
        };
    }

    /** How the moment was named, for output. */
    String label() {
        return keyword != null ? keyword : seconds + " s";
    }

    static final class Converter implements CommandLine.ITypeConverter<Moment> {
        @Override
        public Moment convert(String value) {
            return parse(value);
        }
    }
}
