package dev.heapprof.examples.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The report's window of orders, materialized column by column: one array per field, as long as the
 * window, plus every order rendered as a line of display text in one large buffer (so that a
 * drill-down can show its matches without formatting them again).
 *
 * <p>This is most of the demo's spike. The columns and the text buffer's pages are allocated at
 * full size up front, each on its own line of {@link #WindowColumns(int)} (more pages in
 * {@link #addPage} should rows be longer than guessed), so a profiler names each of them. The text
 * is kept in pages of {@value #PAGE_BYTES} bytes rather than one array of tens of megabytes, as
 * such buffers usually are; every array stays below the size G1 treats as humongous when regions
 * are 16 MiB (see examples/README.md, "Collectors").
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
    /** Where each row's text starts: page x {@value #PAGE_BYTES} + offset in the page. */
    private final int[] textStarts;
    private final byte[] textLengths;
    private final AsciiLine line = new AsciiLine(LONGEST_ROW);
    private final java.util.List<byte[]> pages = new java.util.ArrayList<>();
    private int page;
    private int pageUsed;
    private int size;

    static final int PAGE_BYTES = 1 << 20;

    WindowColumns(int capacity) {
        orderIds = new long[capacity];
        timestamps = new long[capacity];
        customerIds = new long[capacity];
        amountsCents = new long[capacity];
        skus = new int[capacity];
        regions = new byte[capacity];
        textStarts = new int[capacity];
        textLengths = new byte[capacity];
        long guessed = Math.min(Integer.MAX_VALUE - 8, (long) capacity * TEXT_BYTES_PER_ROW);
        for (long bytes = 0; bytes < guessed; bytes += PAGE_BYTES) {
            pages.add(new byte[PAGE_BYTES]);
        }
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
        render(order, row);
        size++;
    }

    private void render(OrderRecord order, int row) {
        line.clear()
                .append('#').appendNumber(order.orderId()).append(' ')
                .append(CUSTOMER_PREFIX).appendNumber(order.customerId()).append(' ')
                .append(order.region().ascii()).append(' ')
                .append(SKU_PREFIX).appendNumber(order.sku()).append(' ')
                .appendNumber(order.quantity()).append(TIMES).appendCents(order.unitPriceCents());
        if (pageUsed + line.length() > PAGE_BYTES) {
            page++; // a row never straddles two pages
            pageUsed = 0;
        }
        if (page == pages.size()) {
            addPage();
        }
        line.copyInto(pages.get(page), pageUsed);
        textStarts[row] = page * PAGE_BYTES + pageUsed;
        textLengths[row] = (byte) line.length();
        pageUsed += line.length();
    }

    /** Rows rendered longer than guessed: one more page. */
    private void addPage() {
        pages.add(new byte[PAGE_BYTES]);
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
        int start = textStarts[row];
        return new String(pages.get(start / PAGE_BYTES), start % PAGE_BYTES, textLengths[row] & 0xFF, StandardCharsets.US_ASCII);
    }
}
