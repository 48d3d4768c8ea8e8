package dev.heapprof.examples.pipeline;

import java.util.SplittableRandom;

/**
 * The pipeline's source: an endless stream of order lines such as
 * {@code 1000042,1700000123456,cust-123,eu-west,sku-771,2,1299}, as a reader of a file or a socket
 * would hand them over, one fresh {@code byte[]} per line.
 *
 * <p>It is seeded with a fixed seed, so every run sees the same orders and prints the same summary.
 * Customers are mostly returning ones (drawn from the most recent few thousand), but one order in
 * {@value #NEW_CUSTOMER_ONE_IN} comes from a new customer: over a run the number of distinct
 * customers grows steadily, in proportion to the orders, which is what makes the session cache's
 * leak slow and regular.
 */
final class RecordGenerator {
    /** The seed of every run: the demo must be repeatable. */
    static final long SEED = 0x5EED_DA7A_2024L;

    /** One order in this many comes from a customer never seen before. */
    static final int NEW_CUSTOMER_ONE_IN = 256;

    /** Returning customers are drawn from this many most recent ones. */
    static final int RECENT_CUSTOMERS = 4096;

    /** Product numbers run from 1 to this, exclusive. */
    static final int SKUS = 5_000;

    private static final long FIRST_ORDER_ID = 1_000_000L;
    private static final long FIRST_TIMESTAMP_MILLIS = 1_700_000_000_000L;
    private static final byte[] CUSTOMER_PREFIX = {'c', 'u', 's', 't', '-'};
    private static final byte[] SKU_PREFIX = {'s', 'k', 'u', '-'};
    private static final int LONGEST_LINE = 128;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final AsciiLine text = new AsciiLine(LONGEST_LINE);
    private long nextOrderId = FIRST_ORDER_ID;
    private long timestampMillis = FIRST_TIMESTAMP_MILLIS;
    private long newestCustomer = -1;

    /** The next order line, in a new array of exactly its length: the baseline's garbage. */
    byte[] nextLine() {
        timestampMillis += random.nextInt(1, 40);
        text.clear()
                .appendNumber(nextOrderId++).append(',')
                .appendNumber(timestampMillis).append(',')
                .append(CUSTOMER_PREFIX).appendNumber(nextCustomer()).append(',')
                .append(Region.ofOrdinal(random.nextInt(Region.count())).ascii()).append(',')
                .append(SKU_PREFIX).appendNumber(random.nextInt(1, SKUS)).append(',')
                .appendNumber(random.nextInt(1, 6)).append(',')
                .appendNumber(random.nextInt(199, 99_999));
        byte[] line = new byte[text.length()];
        text.copyInto(line, 0);
        return line;
    }

    /** How many lines this generator has handed out. */
    long linesGenerated() {
        return nextOrderId - FIRST_ORDER_ID;
    }

    private long nextCustomer() {
        if (newestCustomer < 0 || random.nextInt(NEW_CUSTOMER_ONE_IN) == 0) {
            return ++newestCustomer;
        }
        return newestCustomer - random.nextInt((int) Math.min(newestCustomer + 1, RECENT_CUSTOMERS));
    }
}
