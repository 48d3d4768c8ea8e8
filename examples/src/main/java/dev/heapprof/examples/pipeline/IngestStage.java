package dev.heapprof.examples.pipeline;

/**
 * The per-order path every order takes, in the ingest phases and in the report's window alike:
 * parse the line, add it to the region totals, update the customer's session and the checksum.
 * Its garbage (the line and the parsed record) dies young, which makes the steady baseline; its
 * one lasting effect on the heap is through {@link SessionCache}.
 */
final class IngestStage {
    private final RecordParser parser = new RecordParser();
    private final RegionTotals totals;
    private final SessionCache sessions;
    private final Checksum checksum;
    private long records;

    IngestStage(RegionTotals totals, SessionCache sessions, Checksum checksum) {
        this.totals = totals;
        this.sessions = sessions;
        this.checksum = checksum;
    }

    /** Processes one order line and returns its record, for a caller that wants to keep it. */
    OrderRecord accept(byte[] line) {
        OrderRecord order = parser.parse(line);
        totals.add(order);
        sessions.touch(order);
        checksum.add(order.orderId() ^ order.amountCents() << 20 ^ order.customerId() << 40);
        records++;
        return order;
    }

    /** Streams {@code count} lines from the source through {@link #accept}, keeping nothing. */
    void stream(RecordGenerator source, long count) {
        for (long i = 0; i < count; i++) {
            accept(source.nextLine());
        }
    }

    long records() {
        return records;
    }
}
