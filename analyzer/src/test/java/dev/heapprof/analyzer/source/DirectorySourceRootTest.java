package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceRootTest {
    @TempDir
    Path dir;

    @Test
    void readsAFileUnderTheRoot() throws IOException {
        Path src = SourceFiles.tree(dir.resolve("src"), Map.of("com/acme/Foo.java", "class Foo {}"));
        DirectorySourceRoot root = new DirectorySourceRoot(src);
        assertThat(root.path()).isEqualTo(src);
        assertThat(root.read("com/acme/Foo.java")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("class Foo {}"));
        assertThat(root.read("com/acme/Bar.java")).isEmpty();
        assertThat(root.read("com/acme")).as("a directory is no source file").isEmpty();
    }

    @Test
    void neverReadsOutsideTheRoot() throws IOException {
        Files.writeString(dir.resolve("Secret.java"), "secret");
        Path src = Files.createDirectories(dir.resolve("src"));
        assertThat(new DirectorySourceRoot(src).read("../Secret.java")).isEmpty();
    }
}
