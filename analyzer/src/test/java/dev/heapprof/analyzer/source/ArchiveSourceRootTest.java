package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSourceRootTest {
    @TempDir
    Path dir;

    @Test
    void readsAnEntryByItsExactName() throws IOException {
        Path jar = SourceFiles.jar(dir.resolve("foo-sources.jar"), Map.of("com/acme/Foo.java", "class Foo {}"));
        try (ArchiveSourceRoot root = ArchiveSourceRoot.open(jar)) {
            assertThat(root.path()).isEqualTo(jar);
            assertThat(root.read("com/acme/Foo.java")).hasValueSatisfying(
                    bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("class Foo {}"));
            assertThat(root.read("com/acme/Bar.java")).isEmpty();
            assertThat(root.read("Foo.java")).isEmpty();
            assertThat(root.read("META-INF")).as("a directory is no source file").isEmpty();
        }
    }

    @Test
    void aMalformedArchiveIsAnIoExceptionNamingTheFile() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad-sources.jar"), "this is not a zip");
        assertThatThrownBy(() -> ArchiveSourceRoot.open(bad))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ZipException.class)
                .hasMessageStartingWith(bad + " is not a readable jar or zip: ")
                .hasCauseInstanceOf(ZipException.class);
    }

    @Test
    void closeClosesTheZipFile() throws IOException {
        Path jar = SourceFiles.jar(dir.resolve("foo-sources.jar"), Map.of("Foo.java", "class Foo {}"));
        ArchiveSourceRoot root = ArchiveSourceRoot.open(jar);
        root.close();
        assertThatThrownBy(() -> root.read("Foo.java")).isInstanceOf(IllegalStateException.class);
    }
}
