package dev.heapprof.analyzer.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lines of one source file. Sources are UTF-8 nearly always; an older file in Latin-1 (or
 * anything else that is not valid UTF-8) still shows, as ISO-8859-1, rather than not at all.
 */
final class SourceText {
    private final List<String> lines;

    private SourceText(List<String> lines) {
        this.lines = lines;
    }

    /** Decodes a file's bytes: UTF-8 (a leading byte-order mark dropped), else ISO-8859-1. */
    static SourceText decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return new SourceText(text.lines().collect(Collectors.toUnmodifiableList()));
    }

    /** Lines end at {@code \n}, {@code \r\n} or {@code \r}; a last line without an ending still counts. */
    int lineCount() {
        return lines.size();
    }

    /** Line {@code number} (from 1) without its trailing whitespace, or empty past the end. */
    Optional<String> line(int number) {
        if (number < 1 || number > lines.size()) {
            return Optional.empty();
        }
        return Optional.of(lines.get(number - 1).stripTrailing());
    }
}
