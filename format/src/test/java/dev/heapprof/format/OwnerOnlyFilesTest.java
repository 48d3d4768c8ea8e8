package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void createdFilesAreOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("p.hpd");
        try (FileChannel channel = OwnerOnlyFiles.create(file, false)) {
            assertThat(channel.isOpen()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void temporaryFilesAreNewEmptyAndOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path a = OwnerOnlyFiles.createTemp(dir, ".tmp-", "-view.svg");
        Path b = OwnerOnlyFiles.createTemp(dir, ".tmp-", "-view.svg");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.getParent()).isEqualTo(dir);
        assertThat(a.getFileName().toString()).startsWith(".tmp-").endsWith("-view.svg");
        assertThat(Files.size(a)).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rw-------");
    }

    @Test
    void anExistingFileIsKeptUnlessReplacing() throws IOException {
        Path file = Files.writeString(dir.resolve("p.hpd"), "old");
        assertThatThrownBy(() -> OwnerOnlyFiles.create(file, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        OwnerOnlyFiles.create(file, true).close();
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void neverWritesThroughASymlink() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("p.hpd"), victim);
        assertThatThrownBy(() -> OwnerOnlyFiles.create(link, true)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> OwnerOnlyFiles.create(link, false)).isInstanceOf(FileAlreadyExistsException.class);
        Path dangling = Files.createSymbolicLink(dir.resolve("q.hpd"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> OwnerOnlyFiles.create(dangling, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void profilePathsAcceptTheBaseOrAnyOfItsFiles() {
        ProfilePaths p = ProfilePaths.of(Path.of("/tmp/run-1.hpd"));
        assertThat(p.base()).isEqualTo(Path.of("/tmp/run-1"));
        assertThat(p.metadata()).isEqualTo(Path.of("/tmp/run-1.hpm"));
        assertThat(p.digest()).isEqualTo(Path.of("/tmp/run-1.hpc"));
        assertThat(ProfilePaths.of(Path.of("run-1")).events()).isEqualTo(Path.of("run-1.hpd"));
    }
}
