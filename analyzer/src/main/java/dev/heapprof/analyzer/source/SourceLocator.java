package dev.heapprof.analyzer.source;

import dev.heapprof.format.Frame;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the source line of a frame, so a trace can show the code that allocated rather than only
 * where it is. Sources are searched in source directories (package tree roots such as
 * {@code src/main/java}) and source jars, in the order given; the first that holds the file wins.
 *
 * <p>A frame's file is {@code <package directories>/<source file>}: the package comes from the
 * class name, and a nested class's file is still the frame's source file. Each file is read once
 * and its lines kept for the most recently used {@value #CACHED_FILES} files; a file found
 * missing is remembered as missing too. Jars stay open until {@link #close()}. Safe to share
 * between threads.
 */
public final class SourceLocator implements AutoCloseable {
    static final int CACHED_FILES = 256;

    private final List<SourceRoot> roots;
    private final List<Path> paths;
    private final LruCache<String, Lookup> cache;
    private boolean closed;

    private SourceLocator(List<SourceRoot> roots, int cachedFiles) {
        this.roots = roots;
        this.paths = roots.stream().map(SourceRoot::path).collect(Collectors.toUnmodifiableList());
        this.cache = new LruCache<>(cachedFiles);
    }

    /**
     * Opens the source paths, each a directory or a {@code .jar} or {@code .zip} file.
     *
     * @throws IllegalArgumentException when a path does not exist or is neither; the message names it
     * @throws IOException when a jar or zip is malformed or unreadable; the message names it
     */
    public static SourceLocator open(List<Path> paths) throws IOException {
        return open(paths, CACHED_FILES);
    }

    static SourceLocator open(List<Path> paths, int cachedFiles) throws IOException {
        List<SourceRoot> roots = new ArrayList<>(paths.size());
        try {
            for (Path path : paths) {
                roots.add(SourceRoot.open(path));
            }
        } catch (IOException | RuntimeException e) {
            for (SourceRoot root : roots) {
                try {
                    root.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new SourceLocator(List.copyOf(roots), cachedFiles);
    }

    /** The source paths, in search order. */
    public List<Path> paths() {
        return paths;
    }

    /**
     * The text of the frame's line, trailing whitespace stripped and indentation kept; empty when
     * the frame has no source file or line number, or no source path has that file or line.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<String> lineText(Frame frame) {
        return Optional.ofNullable(find(frame).text());
    }

    /**
     * The text of the frame's line as {@link #lineText} gives it or, when there is none, why, such
     * as {@code (no source: Foo.java has 40 lines, not 42)}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public String describe(Frame frame) {
        Answer answer = find(frame);
        return answer.text() != null ? answer.text() : "(no source: " + answer.whyNot() + ")";
    }

    /** Closes the jars and zips; later look-ups throw. Closing twice does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (SourceRoot root : roots) {
            try {
                root.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether the file's lines (or its absence) are cached: for tests. */
    synchronized boolean isCached(String relativePath) {
        return cache.contains(relativePath);
    }

    private record Answer(String text, String whyNot) {
        static Answer of(String text) {
            return new Answer(text, null);
        }

        static Answer no(String whyNot) {
            return new Answer(null, whyNot);
        }
    }

    private synchronized Answer find(Frame frame) {
        if (closed) {
            throw new IllegalStateException("the source locator is closed");
        }
        String file = frame.sourceFile();
        if (file == null) {
            return Answer.no(frame.line() > 0
                    ? "the frame has no source file name"
                    : "the frame has no source file name or line number");
        }
        if (frame.line() == 0) {
            return Answer.no("the frame has no line number");
        }
        if (!isPlainName(file)) {
            return Answer.no("'" + file + "' is not a plain file name");
        }
        String directory = packageDirectory(frame.className());
        if (directory == null) {
            return Answer.no("the class name '" + frame.className() + "' gives no package directory");
        }
        String relativePath = directory.isEmpty() ? file : directory + '/' + file;
        Lookup lookup = cache.get(relativePath, this::load);
        if (lookup instanceof Found found) {
            return found.text().line(frame.line()).map(Answer::of).orElseGet(() -> Answer.no(
                    file + " has " + lines(found.text().lineCount()) + ", not " + frame.line()));
        }
        if (lookup instanceof Unreadable unreadable) {
            return Answer.no("cannot read " + relativePath + " in " + unreadable.root() + ": " + unreadable.reason());
        }
        if (roots.isEmpty()) {
            return Answer.no("no source paths were given");
        }
        return Answer.no(directory.isEmpty()
                ? "no file " + file + " at the top of " + describePaths()
                : "no file " + file + " under " + directory + " in " + describePaths());
    }

    private sealed interface Lookup permits Found, Missing, Unreadable {}

    private record Found(SourceText text) implements Lookup {}

    private record Missing() implements Lookup {}

    private record Unreadable(Path root, String reason) implements Lookup {}

    private Lookup load(String relativePath) {
        for (SourceRoot root : roots) {
            try {
                Optional<byte[]> bytes = root.read(relativePath);
                if (bytes.isPresent()) {
                    return new Found(SourceText.decode(bytes.get()));
                }
            } catch (IOException | InvalidPathException e) {
                return new Unreadable(root.path(), String.valueOf(e.getMessage()));
            }
        }
        return new Missing();
    }

    /**
     * {@code com/acme} for {@code com.acme.Foo$Inner}, empty for the default package, null when a
     * package part is empty or not a plain name: the class name comes from a profile file and must
     * not lead the look-up outside the source directory.
     */
    private static String packageDirectory(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return "";
        }
        String[] parts = className.substring(0, dot).split("\\.", -1);
        for (String part : parts) {
            if (!isPlainName(part)) {
                return null;
            }
        }
        return String.join("/", parts);
    }

    private static boolean isPlainName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static String lines(int count) {
        return count == 1 ? "1 line" : count + " lines";
    }

    private String describePaths() {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
