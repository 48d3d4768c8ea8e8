package dev.heapprof.analyzer.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes source trees and source jars for the tests. */
final class SourceFiles {
    static final String FOO = String.join("\n",
            "package com.acme;",
            "",
            "class Foo {",
            "    int[] bar() {",
            "        int[] x = new int[10];   \t",
            "        return x;",
            "    }",
            "",
            "    static class Inner {",
            "        Object run() { return new Object(); }",
            "    }",
            "}",
            "");

    private SourceFiles() {}

    /** Writes each (relative path, text) under the directory, as UTF-8. */
    static Path tree(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return dir;
    }

    /** Writes a jar holding each (entry name, text) as UTF-8, with a directory entry for the first's directory. */
    static Path jar(Path jar, Map<String, String> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/"));
            zip.closeEntry();
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
