package dev.heapprof.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAnOwnerOnlyFileAndLeavesNothingElse() throws Exception {
        Path file = dir.resolve("sub/dir/view.svg");
        Path written = OutputFile.write(file, f -> {
            assertThat(f.getFileName().toString()).endsWith("-view.svg"); // writers choose the format by the extension
            Files.writeString(f, "<svg/>");
        });
        assertThat(written).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo("<svg/>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(names(file.getParent())).containsExactly("view.svg");
    }

    @Test
    void replacesAnExistingFileWithAnOwnerOnlyOne() throws Exception {
        Path file = dir.resolve("flow.dot");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OutputFile.write(file, f -> Files.writeString(f, "new"));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aFailedWriteKeepsThePreviousFileAndRemovesItsTemporaryFile() throws Exception {
        Path file = dir.resolve("plot.png");
        Files.writeString(file, "previous picture");
        assertThatThrownBy(() -> OutputFile.write(file, f -> {
            Files.writeString(f, "half a pic");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("previous picture");
        assertThat(names(dir)).containsExactly("plot.png");
    }

    @Test
    void refusesASymbolicLinkAndLeavesWhatItPointsTo() throws Exception {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("out.json"), target);
        assertThatThrownBy(() -> OutputFile.write(link, f -> Files.writeString(f, "overwritten")))
                .isInstanceOf(HeapprofCli.UsageException.class).hasMessageContaining("is a symbolic link");
        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void refusesADirectory() throws Exception {
        Path d = Files.createDirectory(dir.resolve("out.csv"));
        assertThatThrownBy(() -> OutputFile.write(d, f -> Files.writeString(f, "x")))
                .isInstanceOf(HeapprofCli.UsageException.class).hasMessageContaining("is a directory");
        assertThat(names(dir)).containsExactly("out.csv");
    }

    private static java.util.List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
