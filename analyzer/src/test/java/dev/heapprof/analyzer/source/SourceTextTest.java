package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceTextTest {
    @Test
    void splitsAtEveryKindOfLineEnd() {
        SourceText text = SourceText.decode("one\ntwo\r\nthree\rfour".getBytes(StandardCharsets.UTF_8));
        assertThat(text.lineCount()).isEqualTo(4);
        assertThat(text.line(1)).contains("one");
        assertThat(text.line(2)).contains("two");
        assertThat(text.line(3)).contains("three");
        assertThat(text.line(4)).contains("four");
    }

    @Test
    void aFinalLineEndAddsNoLine() {
        assertThat(SourceText.decode("a\nb\n".getBytes(StandardCharsets.UTF_8)).lineCount()).isEqualTo(2);
        assertThat(SourceText.decode("a\n\n".getBytes(StandardCharsets.UTF_8)).lineCount()).isEqualTo(2);
        assertThat(SourceText.decode(new byte[0]).lineCount()).isZero();
    }

    @Test
    void stripsTrailingWhitespaceAndKeepsIndentation() {
        SourceText text = SourceText.decode("\t  int x = 1; \t \nend".getBytes(StandardCharsets.UTF_8));
        assertThat(text.line(1)).contains("\t  int x = 1;");
    }

    @Test
    void hasNoLineOutsideTheFile() {
        SourceText text = SourceText.decode("a\nb".getBytes(StandardCharsets.UTF_8));
        assertThat(text.line(0)).isEmpty();
        assertThat(text.line(3)).isEmpty();
    }

    @Test
    void readsUtf8AndDropsAByteOrderMark() {
        SourceText text = SourceText.decode("\uFEFFString s = \"héllo ✓\";".getBytes(StandardCharsets.UTF_8));
        assertThat(text.line(1)).contains("String s = \"héllo ✓\";");
    }

    @Test
    void fallsBackToLatin1WhenTheBytesAreNotUtf8() {
        SourceText text = SourceText.decode("// café\nint x;".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(text.line(1)).contains("// café");
        assertThat(text.line(2)).contains("int x;");
    }
}
