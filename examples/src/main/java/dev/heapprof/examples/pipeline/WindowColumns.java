package dev.heapprof.examples.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The report's window of orders, materialized column by column: one array per field, as long as the
 * window, plus every order rendered as a line of display text in one large buffer (so that a
 * drill-down can show its matches without formatting them again).
 *
 * <p>This is most of the demo's spike. The columns and the text buffer are allocated at full size
 * up front, each on its own line of {@link #WindowColumns(int)} (the text buffer again in
 * {@link #growText} should rows be longer than guessed), so a profiler names each of them. At
 * scale 1 each is half a megabyte or more, which the G1 collector places in humongous regions and frees at the first young collection after the report drops them: the spike
 * ends as soon as the report does, instead of lingering in the old generation until the next
 * concurrent cycle (unless a weak reference points at them, see examples/README.md).
 */
final class WindowColumns {
    /** The text buffer's first guess of a rendered row's length; it grows when rows are longer. */
    static final int TEXT_BYTES_PER_ROW = 56;

    private static final byte[] CUSTOMER_PREFIX = {'c', 'u', 's', 't', '-'};
    private static final byte[] SKU_PREFIX = {'s', 'k', 'u', '-'};
    private static final byte[] TIMES = {' ', 'x', ' '};
    private static final int LONGEST_ROW = 160;

    private final long[] orderIds;
    private final long[] timestamps;
    private final long[] customerIds;
    private final long[] amountsCents;
    private final int[] skus;
    private final byte[] regions;
    private final int[] textEnds;
    private final AsciiLine line = new AsciiLine(LONGEST_ROW);
    private byte[] text;
    private int textLength;
    private int size;

    WindowColumns(int capacity) {
        orderIds = new long[capacity];
        timestamps = new long[capacity];
        customerIds = new long[capacity];
        amountsCents = new long[capacity];
        skus = new int[capacity];
        regions = new byte[capacity];
        textEnds = new int[capacity];
        text = new byte[(int) Math.min(Integer.MAX_VALUE - 8, (long) capacity * TEXT_BYTES_PER_ROW)];
    }

    boolean isFull() {
        return size == orderIds.length;
    }

    /** Adds an order as the next row and renders it; the window must not be full. */
    void append(OrderRecord order) {
        int row = size;
        orderIds[row] = order.orderId();
        timestamps[row] = order.timestampMillis();
        customerIds[row] = order.customerId();
        amountsCents[row] = order.amountCents();
        skus[row] = order.sku();
        regions[row] = (byte) order.region().ordinal();
        render(order);
        textEnds[row] = textLength;
        size++;
    }

    private void render(OrderRecord order) {
        line.clear()
                .append('#').appendNumber(order.orderId()).append(' ')
                .append(CUSTOMER_PREFIX).appendNumber(order.customerId()).append(' ')
                .append(order.region().ascii()).append(' ')
                .append(SKU_PREFIX).appendNumber(order.sku()).append(' ')
                .appendNumber(order.quantity()).append(TIMES).appendCents(order.unitPriceCents());
        if (textLength + line.length() > text.length) {
            growText(textLength + line.length());
        }
        line.copyInto(text, textLength);
        textLength += line.length();
    }

    /** Rows rendered longer than guessed: a bigger text buffer, the old one left as garbage. */
    private void growText(int needed) {
        byte[] bigger = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, text.length + (long) text.length / 2))];
        System.arraycopy(text, 0, bigger, 0, textLength);
        text = bigger;
    }

    int size() {
        return size;
    }

    long orderId(int row) {
        return orderIds[row];
    }

    long timestampMillis(int row) {
        return timestamps[row];
    }

    long customerId(int row) {
        return customerIds[row];
    }

    long amountCents(int row) {
        return amountsCents[row];
    }

    int sku(int row) {
        return skus[row];
    }

    Region region(int row) {
        return Region.ofOrdinal(regions[row]);
    }

    /**
     * The row's rendered text, such as {@code #1000042 cust-123 eu-west sku-771 2 x 12.99}, as a new
     * String each time: what a drill-down hands to its caller.
     */
    String text(int row) {
        int from = row == 0 ? 0 : textEnds[row - 1];
        return new String(text, from, textEnds[row] - from, StandardCharsets.US_ASCII);
    }
}
