package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassNameGlobTest {
    @ParameterizedTest
    @CsvSource({
        "com.acme.Foo, com.acme.Foo, true",
        "com.acme.Foo, com.acme.FooBar, false",
        "com.acme.*, com.acme.Foo, true",
        "com.acme.*, com.acme.sub.Foo, true",
        "com.acme.*, com.other.Foo, false",
        "*Test, com.acme.FooTest, true",
        "*Test, com.acme.TestFoo, false",
        "*, anything, true",
        "com.*.Foo, com.acme.Foo, true",
        "com.*.Foo, com.acme.Bar, false",
        "com.*.Foo, com.Foo, false",
        "*acme*, com.acme.Foo, true",
        "a*a, a, false",
        "a*a, aa, true",
    })
    void matchesLikeAGlob(String glob, String name, boolean matches) {
        assertThat(new ClassNameGlob(glob).matches(name)).isEqualTo(matches);
    }
}
