package dev.heapprof.examples.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The sales regions an order can come from. A closed set, so that per-region totals fit in small
 * arrays indexed by ordinal and never grow: the baseline must stay flat.
 */
enum Region {
    EU_WEST("eu-west"),
    EU_NORTH("eu-north"),
    US_EAST("us-east"),
    US_WEST("us-west"),
    AP_SOUTH("ap-south"),
    SA_EAST("sa-east");

    private static final Region[] ALL = values();

    private final String label;
    private final byte[] ascii;

    Region(String label) {
        this.label = label;
        this.ascii = label.getBytes(StandardCharsets.US_ASCII);
    }

    /** The name as it appears in an order line, such as {@code eu-west}. */
    String label() {
        return label;
    }

    /** The label's bytes, which the generator writes and the parser compares without a String. */
    byte[] ascii() {
        return ascii;
    }

    static Region ofOrdinal(int ordinal) {
        return ALL[ordinal];
    }

    static int count() {
        return ALL.length;
    }
}
