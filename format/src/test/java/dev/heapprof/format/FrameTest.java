package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void framesWithTheSameFieldsAreEqualWithEqualHashes() {
        Frame a = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
        assertThat(a).isEqualTo(new Frame("com.acme.Foo", "bar", "Foo.java", 42)).hasSameHashCodeAs(new Frame("com.acme.Foo", "bar", "Foo.java", 42));
        assertThat(new Frame(null, null, "", -1)).isEqualTo(new Frame("", "", null, 0)).hasSameHashCodeAs(new Frame("", "", null, 0));
    }

    @Test
    void eachFieldTellsFramesApart() {
        Frame a = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
        assertThat(a).isNotEqualTo(new Frame("com.acme.Fo", "bar", "Foo.java", 42))
                .isNotEqualTo(new Frame("com.acme.Foo", "baz", "Foo.java", 42))
                .isNotEqualTo(new Frame("com.acme.Foo", "bar", null, 42))
                .isNotEqualTo(new Frame("com.acme.Foo", "bar", "Foo.java", 43))
                .isNotEqualTo("com.acme.Foo.bar(Foo.java:42)");
        assertThat(new Frame("com.acme.Foo", "bar", null, 42)).isNotEqualTo(a);
    }

    @Test
    void printsAsAJavaStackTraceDoes() {
        assertThat(new Frame("com.acme.Foo", "bar", "Foo.java", 42)).hasToString("com.acme.Foo.bar(Foo.java:42)");
        assertThat(new Frame("com.acme.Foo", "bar", null, 0)).hasToString("com.acme.Foo.bar(Unknown Source)");
    }
}
