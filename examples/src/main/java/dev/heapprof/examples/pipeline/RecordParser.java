package dev.heapprof.examples.pipeline;

/**
 * Turns an order line from {@link RecordGenerator} into an {@link OrderRecord}, reading the bytes
 * in place: one object per line and nothing else, like a tuned CSV reader. A line that does not
 * fit the format is an {@link IllegalArgumentException} naming the line's position.
 *
 * <p>Not thread-safe: it keeps its read position in a field so that parsing allocates nothing but
 * the record.
 */
final class RecordParser {
    private byte[] line;
    private int pos;

    OrderRecord parse(byte[] orderLine) {
        this.line = orderLine;
        this.pos = 0;
        long orderId = number();
        expect(',');
        long timestamp = number();
        expect(',');
        expect('c');
        expect('u');
        expect('s');
        expect('t');
        expect('-');
        long customer = number();
        expect(',');
        Region region = region();
        expect(',');
        expect('s');
        expect('k');
        expect('u');
        expect('-');
        int sku = (int) number();
        expect(',');
        int quantity = (int) number();
        expect(',');
        long unitPrice = number();
        if (pos != line.length) {
            throw malformed("end of line");
        }
        if (quantity < 1) {
            throw malformed("a quantity of at least 1");
        }
        return new OrderRecord(orderId, timestamp, customer, region, sku, quantity, unitPrice);
    }

    private long number() {
        int start = pos;
        long value = 0;
        while (pos < line.length && line[pos] >= '0' && line[pos] <= '9') {
            value = value * 10 + (line[pos++] - '0');
        }
        if (pos == start || pos - start > 18) {
            throw malformed("a number");
        }
        return value;
    }

    private Region region() {
        for (int r = 0; r < Region.count(); r++) {
            byte[] name = Region.ofOrdinal(r).ascii();
            if (startsWithAtPos(name)) {
                pos += name.length;
                return Region.ofOrdinal(r);
            }
        }
        throw malformed("a region");
    }

    private boolean startsWithAtPos(byte[] name) {
        if (pos + name.length > line.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (line[pos + i] != name[i]) {
                return false;
            }
        }
        return pos + name.length == line.length || line[pos + name.length] == ',';
    }

    private void expect(char c) {
        if (pos >= line.length || line[pos] != c) {
            throw malformed("'" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException malformed(String expected) {
        return new IllegalArgumentException("malformed order line: expected " + expected + " at byte " + pos);
    }
}
