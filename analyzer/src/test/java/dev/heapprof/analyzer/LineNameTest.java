package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heapprof.analyzer.LineName.Form;
import dev.heapprof.format.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineNameTest {
    private static final Frame BAR = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
    private static final Frame INNER = new Frame("com.acme.Foo$Inner", "run", "Foo.java", 5);

    @Test
    void parsesAFileNameAndLine() {
        assertThat(LineName.parse("Foo.java:42")).isEqualTo(new LineName(Form.FILE, null, "Foo.java", null, null, 42));
        assertThat(LineName.parse("Main.kt:7").form()).isEqualTo(Form.FILE);
    }

    @Test
    void parsesAPathAndLine() {
        assertThat(LineName.parse("com/acme/Foo.java:42"))
                .isEqualTo(new LineName(Form.PATH, "com/acme", "Foo.java", null, null, 42));
        assertThat(LineName.parse("acme/Foo.xtend:3"))
                .isEqualTo(new LineName(Form.PATH, "acme", "Foo.xtend", null, null, 3));
    }

    @Test
    void parsesAClassMethodAndLine() {
        assertThat(LineName.parse("com.acme.Foo.bar:42"))
                .isEqualTo(new LineName(Form.METHOD, null, null, "com.acme.Foo", "bar", 42));
        assertThat(LineName.parse("com.acme.Foo$Inner.run:5"))
                .isEqualTo(new LineName(Form.METHOD, null, null, "com.acme.Foo$Inner", "run", 5));
        assertThat(LineName.parse("com.acme.Foo.Inner.run:5"))
                .isEqualTo(new LineName(Form.METHOD, null, null, "com.acme.Foo.Inner", "run", 5));
        assertThat(LineName.parse("com.acme.Foo.<init>:3").methodName()).isEqualTo("<init>");
        assertThat(LineName.parse("com.acme.Foo.lambda$bar$0:3").methodName()).isEqualTo("lambda$bar$0");
        assertThat(LineName.parse("Foo.bar:1")).isEqualTo(new LineName(Form.METHOD, null, null, "Foo", "bar", 1));
    }

    @Test
    void parsesTheStackTraceForm() {
        assertThat(LineName.parse("com.acme.Foo.bar(Foo.java:42)"))
                .isEqualTo(new LineName(Form.FRAME, null, "Foo.java", "com.acme.Foo", "bar", 42));
        assertThat(LineName.parse("com.acme.Foo$Inner.<clinit>(Foo.java:9)"))
                .isEqualTo(new LineName(Form.FRAME, null, "Foo.java", "com.acme.Foo$Inner", "<clinit>", 9));
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertThat(LineName.parse("  \tFoo.java:42 \n")).isEqualTo(LineName.parse("Foo.java:42"));
        assertThat(LineName.parse(" com.acme.Foo.bar(Foo.java:42) ")).isEqualTo(LineName.parse("com.acme.Foo.bar(Foo.java:42)"));
    }

    @Test
    void toStringWritesTheNameBackInItsForm() {
        for (String text : new String[] {"Foo.java:42", "com/acme/Foo.java:42", "com.acme.Foo$Inner.run:5",
                "com.acme.Foo.bar(Foo.java:42)"}) {
            assertThat(LineName.parse(text)).hasToString(text);
            assertThat(LineName.parse(LineName.parse(text).toString())).isEqualTo(LineName.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "Foo.java", "Foo.java:", "Foo.java:0", "Foo.java:000", "Foo.java:-1", "Foo.java:4x", "Foo.java:99999999999",
        "com.acme.Foo.bar(Foo.java)", "com.acme.Foo.bar(Unknown Source)", "com.acme.Foo.bar(Foo.java:0)",
        "com.acme.Foo.bar(Foo.java:42", "com.acme.Foo.bar((Foo.java:42))", "bar(Foo.java:42)",
        "com.acme.Foo.bar(com/acme/Foo.java:42)", "at com.acme.Foo.bar(Foo.java:42)", "Foo:42", ":42",
        "foo bar.java:42", "/com/acme/Foo.java:42", "com//acme/Foo.java:42", "com/acme/:42", "com/acme/Foo:42",
        "com/acme/.java:42", ".java:42", "com.acme..bar:42", ".bar:42", "com.acme.Foo.:42", "Foo.java:42:43",
        "com.acme.Foo.bar(Foo.java:42)x", "com.acme.Foo.b<a>r:3"})
    void rejectsAnythingElseQuotingItAndShowingTheForms(String text) {
        assertThatThrownBy(() -> LineName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a line name: ")
                .hasMessageContaining("\n  Foo.java:42 ")
                .hasMessageContaining("\n  com/acme/Foo.java:42 ")
                .hasMessageContaining("\n  com.acme.Foo.bar:42 ")
                .hasMessageContaining("\n  com.acme.Foo.bar(Foo.java:42) ");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> LineName.parse("Foo.java")).hasMessageContaining(": it has no line number.");
        assertThatThrownBy(() -> LineName.parse("com.acme.Foo.bar(Unknown Source)"))
                .hasMessageContaining(": it has no line number.");
        assertThatThrownBy(() -> LineName.parse("Foo.java:0")).hasMessageContaining(": line numbers start at 1.");
        assertThatThrownBy(() -> LineName.parse("Foo.java:-7")).hasMessageContaining(": line numbers start at 1.");
        assertThatThrownBy(() -> LineName.parse("")).hasMessageContaining(": it is empty.");
        assertThatThrownBy(() -> LineName.parse(null)).hasMessageStartingWith("'null' is not a line name: it is empty.");
    }

    @Test
    void theConstructorRefusesPartsThatDoNotFitTheForm() {
        assertThatThrownBy(() -> new LineName(Form.FILE, null, "Foo.java", null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineName(Form.FILE, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineName(Form.METHOD, null, "Foo.java", "Foo", "bar", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileNameMatchesTheSourceFileAndLine() {
        LineName name = LineName.parse("Foo.java:42");
        assertThat(name.matches(BAR)).isTrue();
        assertThat(name.matches(new Frame("org.other.Foo", "x", "Foo.java", 42))).isTrue();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Foo.java", 43))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Bar.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", null, 42))).isFalse();
    }

    @Test
    void aPathMatchesTheFileInTheClassPackage() {
        LineName name = LineName.parse("com/acme/Foo.java:42");
        assertThat(name.matches(BAR)).isTrue();
        assertThat(name.matches(new Frame("com.acme.Foo$Inner$Deeper", "x", "Foo.java", 42))).isTrue();
        assertThat(name.matches(new Frame("org.acme.Foo", "bar", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.sub.Foo", "bar", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("Foo", "bar", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", null, 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Foo.java", 41))).isFalse();
    }

    @Test
    void aMethodNameMatchesClassMethodAndLineWhetherOrNotTheFileIsKnown() {
        LineName name = LineName.parse("com.acme.Foo.bar:42");
        assertThat(name.matches(BAR)).isTrue();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", null, 42))).isTrue();
        assertThat(name.matches(new Frame("com.acme.Foo", "baz", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo$Inner", "bar", "Foo.java", 42)))
                .as("the outer class does not name its nested classes")
                .isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Foo.java", 4))).isFalse();
    }

    @Test
    void aNestedClassMayBeWrittenWithDollarOrDot() {
        assertThat(LineName.parse("com.acme.Foo$Inner.run:5").matches(INNER)).isTrue();
        assertThat(LineName.parse("com.acme.Foo.Inner.run:5").matches(INNER)).isTrue();
        assertThat(LineName.parse("com.acme.Foo.Inner.run(Foo.java:5)").matches(INNER)).isTrue();
        Frame deep = new Frame("com.acme.Outer$Mid$Inner", "run", "Outer.java", 5);
        assertThat(LineName.parse("com.acme.Outer$Mid.Inner.run:5").matches(deep)).isTrue();
        assertThat(LineName.parse("com.acme.Outer.Mid.Inner.run:5").matches(deep)).isTrue();
        assertThat(LineName.parse("com.acme.Outer.Mid.run:5").matches(deep)).isFalse();
    }

    @Test
    void theStackTraceFormMatchesEveryPart() {
        LineName name = LineName.parse("com.acme.Foo.bar(Foo.java:42)");
        assertThat(name.matches(BAR)).isTrue();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Other.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", null, 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "baz", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Fop", "bar", "Foo.java", 42))).isFalse();
        assertThat(name.matches(new Frame("com.acme.Foo", "bar", "Foo.java", 24))).isFalse();
    }

    @Test
    void noNameMatchesAFrameWithoutALineNumber() {
        Frame noLine = new Frame("com.acme.Foo", "bar", null, 0);
        assertThat(LineName.parse("com.acme.Foo.bar:1").matches(noLine)).isFalse();
    }

    @Test
    void theDisplayNameIsTheStackTraceFormThatParsesBackToTheFrame() {
        assertThat(LineName.of(BAR)).isEqualTo("com.acme.Foo.bar(Foo.java:42)").isEqualTo(BAR.toString());
        assertThat(LineName.of(INNER)).isEqualTo("com.acme.Foo$Inner.run(Foo.java:5)");
        assertThat(LineName.parse(LineName.of(INNER)).matches(INNER)).isTrue();
    }

    @Test
    void aLineWithoutASourceFileDisplaysInTheMethodFormToKeepItsLine() {
        Frame noFile = new Frame("com.acme.Foo", "bar", null, 42);
        assertThat(LineName.of(noFile)).isEqualTo("com.acme.Foo.bar:42");
        assertThat(LineName.parse(LineName.of(noFile)).matches(noFile)).isTrue();
        assertThat(LineName.of(new Frame("com.acme.Foo", "bar", null, 0))).isEqualTo("com.acme.Foo.bar(Unknown Source)");
    }
}
