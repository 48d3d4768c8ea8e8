package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RecordBuffer writes and PayloadCursor reads the primitive encodings of docs/format.md, "Conventions". */
class VarintCodingTest {
    private static PayloadCursor cursorOver(RecordBuffer buffer) {
        byte[] payload = java.util.Arrays.copyOfRange(buffer.array(), FormatConstants.BLOCK_HEADER_SIZE,
                FormatConstants.BLOCK_HEADER_SIZE + buffer.payloadLength());
        PayloadCursor cursor = new PayloadCursor(Path.of("test.hpd"));
        cursor.reset(payload, payload.length, 100);
        return cursor;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void unsignedVarintsRoundTripAllSixtyFourBits(long value) throws FormatException {
        RecordBuffer buffer = new RecordBuffer(16);
        buffer.putVarLong(value);
        assertThat(buffer.payloadLength()).isEqualTo(RecordBuffer.varLongSize(value));
        assertThat(cursorOver(buffer).getVarLong()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 63, -64, 64, Long.MAX_VALUE, Long.MIN_VALUE})
    void zigzagKeepsSmallMagnitudesShort(long value) throws FormatException {
        RecordBuffer buffer = new RecordBuffer(16);
        buffer.putSignedVarLong(value);
        if (value >= -64 && value <= 63) {
            assertThat(buffer.payloadLength()).isEqualTo(1);
        }
        assertThat(cursorOver(buffer).getSignedVarLong()).isEqualTo(value);
    }

    @Test
    void knownEncodings() {
        RecordBuffer buffer = new RecordBuffer(16);
        buffer.putVarLong(300);
        assertThat(buffer.array()[12]).isEqualTo((byte) 0xAC);
        assertThat(buffer.array()[13]).isEqualTo((byte) 0x02);
        assertThat(RecordBuffer.varLongSize(-1)).isEqualTo(10);
    }

    @Test
    void varintBeyondSixtyFourBitsIsRejectedWithItsOffset() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x02};
        PayloadCursor cursor = new PayloadCursor(Path.of("x.hpd"));
        cursor.reset(bytes, bytes.length, 1000);
        assertThatThrownBy(cursor::getVarLong).isInstanceOf(FormatException.class)
                .hasMessageContaining("x.hpd at byte 1009").hasMessageContaining("exceeds 64 bits");
    }

    @Test
    void elevenByteVarintIsRejected() {
        byte[] bytes = new byte[11];
        java.util.Arrays.fill(bytes, (byte) 0x80);
        PayloadCursor cursor = new PayloadCursor(Path.of("x.hpd"));
        cursor.reset(bytes, bytes.length, 0);
        assertThatThrownBy(cursor::getVarLong).isInstanceOf(FormatException.class);
    }

    @Test
    void varintRunningPastThePayloadIsRejected() {
        byte[] bytes = {(byte) 0x80, (byte) 0x80};
        PayloadCursor cursor = new PayloadCursor(Path.of("x.hpd"));
        cursor.reset(bytes, bytes.length, 0);
        assertThatThrownBy(cursor::getVarLong).hasMessageContaining("past the end of the block");
    }

    @Test
    void stringsAreUtf8AndLongOnesAreCutAtACharacterBoundary() throws FormatException {
        RecordBuffer buffer = new RecordBuffer(16);
        buffer.putString("Größe €");
        buffer.putString(null);
        buffer.putString("é".repeat(FormatConstants.MAX_STRING_BYTES));
        PayloadCursor cursor = cursorOver(buffer);
        assertThat(cursor.getString()).isEqualTo("Größe €");
        assertThat(cursor.getString()).isEmpty();
        String cut = cursor.getString();
        assertThat(cut).matches("é+");
        assertThat(cut.length() * 2).isLessThanOrEqualTo(FormatConstants.MAX_STRING_BYTES);
    }

    @Test
    void stringLengthBeyondThePayloadIsRejectedBeforeAllocating() {
        RecordBuffer buffer = new RecordBuffer(16);
        buffer.putVarLong(1L << 62);
        assertThatThrownBy(() -> cursorOver(buffer).getString()).isInstanceOf(FormatException.class)
                .hasMessageContaining("string length").hasMessageContaining("out of range");
    }
}
