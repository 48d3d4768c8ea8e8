package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heapprof.format.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {
    private static final Frame BAR = new Frame("com.acme.Foo", "bar", "Foo.java", 5);
    private static final Frame INNER = new Frame("com.acme.Foo$Inner", "run", "Foo.java", 10);
    private static final Frame LIB = new Frame("org.lib.Pool", "take", "Pool.java", 2);

    @TempDir
    Path dir;

    private Path srcDir() throws IOException {
        return SourceFiles.tree(dir.resolve("src/main/java"), Map.of("com/acme/Foo.java", SourceFiles.FOO));
    }

    private Path libJar() throws IOException {
        return SourceFiles.jar(dir.resolve("lib-sources.jar"),
                Map.of("org/lib/Pool.java", "package org.lib;\n  byte[] take() { return new byte[64]; }  \n"));
    }

    @Test
    void readsALineFromASourceDirectory() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of(srcDir()))) {
            assertThat(sources.lineText(BAR)).contains("        int[] x = new int[10];");
            assertThat(sources.describe(BAR)).isEqualTo("        int[] x = new int[10];");
        }
    }

    @Test
    void aNestedClassReadsTheFileOfTheFrame() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of(srcDir()))) {
            assertThat(sources.lineText(INNER)).contains("        Object run() { return new Object(); }");
        }
    }

    @Test
    void readsALineFromASourcesJar() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of(srcDir(), libJar()))) {
            assertThat(sources.lineText(LIB)).contains("  byte[] take() { return new byte[64]; }");
            assertThat(sources.lineText(BAR)).contains("        int[] x = new int[10];");
        }
    }

    @Test
    void readsAClassInTheDefaultPackageFromTheTop() throws IOException {
        Path src = SourceFiles.tree(dir.resolve("src"), Map.of("Main.java", "class Main {\n  int[] a = new int[1];\n}"));
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            assertThat(sources.lineText(new Frame("Main", "<init>", "Main.java", 2))).contains("  int[] a = new int[1];");
            assertThat(sources.describe(new Frame("Other", "<init>", "Other.java", 2)))
                    .isEqualTo("(no source: no file Other.java at the top of " + src + ")");
        }
    }

    @Test
    void theFirstPathHoldingTheFileWins() throws IOException {
        Path first = SourceFiles.tree(dir.resolve("first"), Map.of("com/acme/Foo.java", "first\nfirst"));
        Path jar = SourceFiles.jar(dir.resolve("second.jar"), Map.of("com/acme/Foo.java", "second\nsecond"));
        try (SourceLocator sources = SourceLocator.open(List.of(jar, first))) {
            assertThat(sources.paths()).containsExactly(jar, first);
            assertThat(sources.lineText(new Frame("com.acme.Foo", "bar", "Foo.java", 2))).contains("second");
        }
    }

    @Test
    void explainsAMissingFile() throws IOException {
        Path src = srcDir();
        Path jar = libJar();
        try (SourceLocator sources = SourceLocator.open(List.of(src, jar))) {
            Frame missing = new Frame("com.acme.Gone", "run", "Gone.java", 3);
            assertThat(sources.lineText(missing)).isEmpty();
            assertThat(sources.describe(missing))
                    .isEqualTo("(no source: no file Gone.java under com/acme in " + src + ", " + jar + ")");
        }
    }

    @Test
    void explainsAMissingLine() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of(srcDir()))) {
            Frame past = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
            assertThat(sources.lineText(past)).isEmpty();
            assertThat(sources.describe(past)).isEqualTo("(no source: Foo.java has 12 lines, not 42)");
        }
        Path one = SourceFiles.tree(dir.resolve("one"), Map.of("a/One.java", "class One {}"));
        try (SourceLocator sources = SourceLocator.open(List.of(one))) {
            assertThat(sources.describe(new Frame("a.One", "x", "One.java", 2)))
                    .isEqualTo("(no source: One.java has 1 line, not 2)");
        }
    }

    @Test
    void explainsAFrameWithoutLineNumberOrFile() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of(srcDir()))) {
            Frame noLine = new Frame("com.acme.Foo", "bar", "Foo.java", 0);
            assertThat(sources.lineText(noLine)).isEmpty();
            assertThat(sources.describe(noLine)).isEqualTo("(no source: the frame has no line number)");
            Frame noFile = new Frame("com.acme.Foo", "bar", null, 5);
            assertThat(sources.lineText(noFile)).isEmpty();
            assertThat(sources.describe(noFile)).isEqualTo("(no source: the frame has no source file name)");
            assertThat(sources.describe(new Frame("com.acme.Foo", "bar", null, 0)))
                    .isEqualTo("(no source: the frame has no source file name or line number)");
        }
    }

    @Test
    void namesFromTheProfileCannotLeadOutsideTheSourcePaths() throws IOException {
        Files.writeString(dir.resolve("Secret.java"), "secret");
        Path src = Files.createDirectories(dir.resolve("src"));
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            Frame escaping = new Frame("Foo", "bar", "../Secret.java", 1);
            assertThat(sources.lineText(escaping)).isEmpty();
            assertThat(sources.describe(escaping)).isEqualTo("(no source: '../Secret.java' is not a plain file name)");
            Frame emptyPackage = new Frame("com..Foo", "bar", "Foo.java", 1);
            assertThat(sources.describe(emptyPackage))
                    .isEqualTo("(no source: the class name 'com..Foo' gives no package directory)");
        }
    }

    @Test
    void withoutPathsThereIsNoSource() throws IOException {
        try (SourceLocator sources = SourceLocator.open(List.of())) {
            assertThat(sources.describe(BAR)).isEqualTo("(no source: no source paths were given)");
        }
    }

    @Test
    void rejectsAPathThatDoesNotExist() {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> SourceLocator.open(List.of(nowhere)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source path " + nowhere + " does not exist");
    }

    @Test
    void rejectsAFileThatIsNoArchive() throws IOException {
        Path text = Files.writeString(dir.resolve("Foo.java"), "class Foo {}");
        assertThatThrownBy(() -> SourceLocator.open(List.of(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source path " + text + " is neither a directory nor a .jar or .zip file");
    }

    @Test
    void aMalformedJarIsAnIoExceptionNamingIt() throws IOException {
        Path bad = Files.write(dir.resolve("broken.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThatThrownBy(() -> SourceLocator.open(List.of(libJar(), bad)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString())
                .hasCauseInstanceOf(ZipException.class);
    }

    @Test
    void readsLatin1SourcesToo() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("a"));
        Files.write(src.resolve("a/Old.java"), "// Grüße\nString s = \"café\";\n".getBytes(StandardCharsets.ISO_8859_1));
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            assertThat(sources.lineText(new Frame("a.Old", "x", "Old.java", 2))).contains("String s = \"café\";");
        }
    }

    @Test
    void readsEachFileOnce() throws IOException {
        Path src = srcDir();
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            assertThat(sources.lineText(BAR)).contains("        int[] x = new int[10];");
            assertThat(sources.isCached("com/acme/Foo.java")).isTrue();
            Files.writeString(src.resolve("com/acme/Foo.java"), "changed");
            assertThat(sources.lineText(BAR)).as("from the cache").contains("        int[] x = new int[10];");
            assertThat(sources.lineText(INNER)).as("from the cache").isPresent();
        }
    }

    @Test
    void remembersAMissingFile() throws IOException {
        Path src = srcDir();
        Frame later = new Frame("com.acme.Later", "x", "Later.java", 1);
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            assertThat(sources.lineText(later)).isEmpty();
            Files.writeString(src.resolve("com/acme/Later.java"), "class Later {}");
            assertThat(sources.lineText(later)).isEmpty();
        }
    }

    @Test
    void keepsOnlyTheMostRecentlyUsedFiles() throws IOException {
        Path src = SourceFiles.tree(dir.resolve("src"), Map.of("p/A.java", "a1", "p/B.java", "b1", "p/C.java", "c1"));
        Frame a = new Frame("p.A", "m", "A.java", 1);
        Frame b = new Frame("p.B", "m", "B.java", 1);
        Frame c = new Frame("p.C", "m", "C.java", 1);
        try (SourceLocator sources = SourceLocator.open(List.of(src), 2)) {
            sources.lineText(a);
            sources.lineText(b);
            sources.lineText(a);
            sources.lineText(c);
            assertThat(sources.isCached("p/A.java")).isTrue();
            assertThat(sources.isCached("p/B.java")).isFalse();
            assertThat(sources.isCached("p/C.java")).isTrue();
            Files.writeString(src.resolve("p/B.java"), "b2");
            Files.writeString(src.resolve("p/A.java"), "a2");
            assertThat(sources.lineText(a)).as("cached").contains("a1");
            assertThat(sources.lineText(b)).as("read again, dropping C").contains("b2");
            assertThat(sources.isCached("p/C.java")).isFalse();
            assertThat(sources.lineText(a)).as("still cached").contains("a1");
        }
    }

    @Test
    void keeps256FilesByDefault() throws IOException {
        assertThat(SourceLocator.CACHED_FILES).isEqualTo(256);
    }

    @Test
    void opensAJarOnceAndKeepsItOpen() throws IOException {
        Path jar = libJar();
        try (SourceLocator sources = SourceLocator.open(List.of(jar))) {
            boolean deleted;
            try {
                deleted = Files.deleteIfExists(jar);
            } catch (IOException e) {
                deleted = false; // a file system that keeps open files from being deleted
            }
            assumeTrue(deleted);
            assertThat(sources.lineText(LIB)).contains("  byte[] take() { return new byte[64]; }");
        }
    }

    @Test
    void closeEndsTheLookUps() throws IOException {
        SourceLocator sources = SourceLocator.open(List.of(srcDir(), libJar()));
        assertThat(sources.lineText(LIB)).isPresent();
        sources.close();
        sources.close();
        assertThatThrownBy(() -> sources.lineText(LIB))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the source locator is closed");
        assertThatThrownBy(() -> sources.describe(BAR)).isInstanceOf(IllegalStateException.class);
    }
}
