package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("", "")).isZero();
        assertThat(EditDistance.between("Foo.java:42", "Foo.java:42")).isZero();
        assertThat(EditDistance.between("Foo.java:42", "Foo.java:43")).isEqualTo(1);
        assertThat(EditDistance.between("Foo.java:42", "Foo.java:4")).isEqualTo(1);
        assertThat(EditDistance.between("Fo.java:42", "Foo.java:42")).isEqualTo(1);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("abc", "")).isEqualTo(3);
    }

    @Test
    void isSymmetric() {
        assertThat(EditDistance.between("flaw", "lawn")).isEqualTo(EditDistance.between("lawn", "flaw")).isEqualTo(2);
    }

    @Test
    void stopsPastTheLimit() {
        assertThat(EditDistance.between("kitten", "sitting", 3)).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting", 2)).isEqualTo(3);
        assertThat(EditDistance.between("a", "abcdefgh", 2)).isEqualTo(3);
        assertThat(EditDistance.between("abcdefgh", "hgfedcba", 1)).isEqualTo(2);
        assertThat(EditDistance.between("same", "same", 0)).isZero();
    }
}
