package dev.heapprof.agent;

/**
 * Numbers for the exit line, as {@code String.format(Locale.ROOT, "%,d")} and {@code "%.2f"} write
 * them, without {@code Formatter}: its first use loads the JDK's locale providers, some 150
 * classes that cost every run's exit 15 to 20 ms (JDK 25), each of them woven too.
 */
final class Numbers {
    private Numbers() {}

    /** {@code n} with a comma between each group of three digits: "1,234,567", "-1,000". */
    static String grouped(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int length = digits.length() - sign;
        StringBuilder s = new StringBuilder(digits.length() + length / 3);
        s.append(digits, 0, sign);
        for (int i = 0; i < length; i++) {
            if (i > 0 && (length - i) % 3 == 0) {
                s.append(',');
            }
            s.append(digits.charAt(sign + i));
        }
        return s.toString();
    }

    /**
     * {@code v} with this many digits after the point, rounded half up from its shortest decimal
     * form ({@link Double#toString}), as {@code Formatter} rounds: 2.675 gives "2.68". Not through
     * {@code BigDecimal}, whose class initializer costs 30 ms on JDK 25.
     */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        String shortest = Double.toString(Math.abs(v)); // "123.45", "1.0E10", "1.5E-5"
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1));
        int dot = mantissa.indexOf('.');
        // The value is 0.<digits> times 10 to the power point: the point sits before digits[point].
        StringBuilder digits = new StringBuilder(mantissa.length() + 2).append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int point = dot + exponent;
        if (point < 0) { // 1.5E-5: zeros between the point and the first digit
            digits.insert(0, "0".repeat(-point));
            point = 0;
        }
        int keep = point + decimals;
        while (digits.length() < keep + 1) {
            digits.append('0');
        }
        boolean up = digits.charAt(keep) >= '5';
        digits.setLength(keep);
        for (int i = keep - 1; up && i >= 0; i--) {
            char c = digits.charAt(i);
            digits.setCharAt(i, c == '9' ? '0' : (char) (c + 1));
            up = c == '9';
        }
        if (up) { // 9.99 to 10.0: the carry made a new leading digit
            digits.insert(0, '1');
            point++;
        }
        StringBuilder out = new StringBuilder(digits.length() + 3);
        if (v < 0 || 1 / v < 0) {
            out.append('-'); // Formatter keeps the sign of a negative value that rounds to zero: "-0.00"
        }
        int first = 0;
        while (first < point - 1 && digits.charAt(first) == '0') {
            first++;
        }
        out.append(point == 0 ? "0" : digits.substring(first, point));
        if (decimals > 0) {
            out.append('.').append(digits, point, point + decimals);
        }
        return out.toString();
    }
}
