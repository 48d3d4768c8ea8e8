package dev.heapprof.analyzer;

import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import java.util.Objects;
import java.util.Set;

/**
 * One line of code named the way a user writes it on a command line: {@code Foo.java:42},
 * {@code com/acme/Foo.java:42}, {@code com.acme.Foo.bar:42} or, pasted from a stack trace,
 * {@code com.acme.Foo.bar(Foo.java:42)}. Users name lines in whichever form they have at hand, so
 * the analyzer accepts all four and finds the recorded frames the name {@linkplain #matches fits};
 * a name may fit several frames (see {@link LineIndex#resolve}).
 *
 * <p>{@code X.Y:42} is read as a file name when {@code Y} is a JVM source extension
 * ({@code java}, {@code kt}, {@code scala}, {@code groovy}, ...) and as class and method otherwise;
 * a method literally named {@code java} is named with the stack-trace form.
 *
 * @param form which of the four forms was written
 * @param directory the package directories of {@link Form#PATH}, like {@code com/acme}; else null
 * @param sourceFile the source file name of {@link Form#FILE}, {@link Form#PATH} and {@link Form#FRAME}; else null
 * @param className the class of {@link Form#METHOD} and {@link Form#FRAME}, nested parts joined by {@code $} or
 *     {@code .}; else null
 * @param methodName the method of {@link Form#METHOD} and {@link Form#FRAME}; else null
 * @param line the line number, 1 or more
 */
public record LineName(Form form, String directory, String sourceFile, String className, String methodName, int line) {

    /** The four ways to write a line. */
    public enum Form {
        /** {@code Foo.java:42}: the source file's name and the line. */
        FILE,
        /** {@code com/acme/Foo.java:42}: the source file's path in its package tree and the line. */
        PATH,
        /** {@code com.acme.Foo.bar:42}: the class, the method and the line. */
        METHOD,
        /** {@code com.acme.Foo.bar(Foo.java:42)}: a frame as a Java stack trace prints it. */
        FRAME
    }

    /** File extensions of JVM languages, which tell {@code Foo.java:42} from {@code Foo.bar:42}. */
    private static final Set<String> SOURCE_EXTENSIONS = Set.of(
            "java", "kt", "kts", "scala", "sc", "groovy", "gvy", "gy", "gsh", "clj", "cljc", "xtend", "ceylon");

    /** Characters that never occur in a class, method or file name, but do in the syntax around them. */
    private static final String RESERVED = "/\\:()<>[];,'\"";

    private static final String FORMS = String.join("\n",
            "  Foo.java:42                    the source file's name and the line",
            "  com/acme/Foo.java:42           the source file's path in its package tree and the line",
            "  com.acme.Foo.bar:42            the class, the method and the line",
            "  com.acme.Foo.bar(Foo.java:42)  the frame as a stack trace prints it");

    public LineName {
        Objects.requireNonNull(form, "form");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1, not " + line);
        }
        boolean file = form != Form.METHOD;
        boolean method = form == Form.METHOD || form == Form.FRAME;
        if ((form == Form.PATH) != (directory != null) || file != (sourceFile != null)
                || method != (className != null) || method != (methodName != null)) {
            throw new IllegalArgumentException("a " + form + " line name needs exactly its own parts");
        }
    }

    /**
     * Reads a line name in any of the four forms, ignoring surrounding whitespace.
     *
     * @throws IllegalArgumentException when the text is none of them; the message quotes the text,
     *     says what is wrong and shows each form with an example
     */
    public static LineName parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad(text, "it is empty");
        }
        String s = text.strip();
        if (s.endsWith(")")) {
            return parseFrame(text, s);
        }
        if (s.indexOf('(') >= 0) {
            throw bad(text, "it opens a parenthesis it does not close");
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw bad(text, "it has no line number");
        }
        int line = parseLine(text, s.substring(colon + 1));
        String name = s.substring(0, colon);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            String directory = name.substring(0, slash);
            String file = name.substring(slash + 1);
            for (String segment : directory.split("/", -1)) {
                requireName(text, segment, "a directory of the path");
            }
            requireFileName(text, file);
            return new LineName(Form.PATH, directory, file, null, null, line);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw bad(text, "'" + name + "' is neither a file name like Foo.java nor a class and method");
        }
        if (SOURCE_EXTENSIONS.contains(name.substring(dot + 1))) {
            requireFileName(text, name);
            return new LineName(Form.FILE, null, name, null, null, line);
        }
        String className = name.substring(0, dot);
        String methodName = name.substring(dot + 1);
        requireClassName(text, className);
        requireMethodName(text, methodName);
        return new LineName(Form.METHOD, null, null, className, methodName, line);
    }

    private static LineName parseFrame(String text, String s) {
        int open = s.indexOf('(');
        if (open < 0 || s.indexOf('(', open + 1) >= 0 || s.indexOf(')') != s.length() - 1) {
            throw bad(text, "its parentheses are not those of a stack trace frame");
        }
        String location = s.substring(open + 1, s.length() - 1);
        int colon = location.lastIndexOf(':');
        if (colon < 0) {
            throw bad(text, "it has no line number");
        }
        int line = parseLine(text, location.substring(colon + 1));
        String file = location.substring(0, colon);
        requireFileName(text, file);
        String qualified = s.substring(0, open);
        int dot = qualified.lastIndexOf('.');
        if (dot < 0) {
            throw bad(text, "'" + qualified + "' is not a class and method");
        }
        String className = qualified.substring(0, dot);
        String methodName = qualified.substring(dot + 1);
        requireClassName(text, className);
        requireMethodName(text, methodName);
        return new LineName(Form.FRAME, null, file, className, methodName, line);
    }

    private static int parseLine(String text, String digits) {
        if (digits.isEmpty()) {
            throw bad(text, "it has no line number");
        }
        if (!digits.matches("-?[0-9]+")) {
            throw bad(text, "'" + digits + "' is not a line number");
        }
        if (digits.startsWith("-") || digits.matches("0+")) {
            throw bad(text, "line numbers start at 1");
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw bad(text, digits + " is too large for a line number");
        }
    }

    private static void requireFileName(String text, String file) {
        requireName(text, file, "the file name");
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || dot == file.length() - 1) {
            throw bad(text, "'" + file + "' is not a file name like Foo.java");
        }
    }

    private static void requireClassName(String text, String className) {
        for (String segment : className.split("\\.", -1)) {
            requireName(text, segment, "the class name");
        }
    }

    private static void requireMethodName(String text, String methodName) {
        if (!methodName.equals("<init>") && !methodName.equals("<clinit>")) {
            requireName(text, methodName, "the method name");
        }
    }

    private static void requireName(String text, String name, String what) {
        if (name.isEmpty()) {
            throw bad(text, what + " has an empty part");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || RESERVED.indexOf(c) >= 0) {
                throw bad(text, what + " '" + name + "' cannot contain '" + c + "'");
            }
        }
    }

    private static IllegalArgumentException bad(String text, String reason) {
        return new IllegalArgumentException(
                "'" + text + "' is not a line name: " + reason + ". Write a line in one of these forms:\n" + FORMS);
    }

    /**
     * Whether this name fits the frame. Class names compare with {@code $} and {@code .} alike,
     * so {@code com.acme.Foo.Inner.run:5} fits a frame of {@code com.acme.Foo$Inner}: a user
     * cannot tell from the source which separator the binary name has.
     */
    public boolean matches(Frame frame) {
        if (frame.line() != line) {
            return false;
        }
        return switch (form) {
            case FILE -> sourceFile.equals(frame.sourceFile());
            case PATH -> sourceFile.equals(frame.sourceFile()) && directory.equals(packageDirectory(frame.className()));
            case METHOD -> methodName.equals(frame.methodName()) && sameClass(frame.className());
            case FRAME -> sourceFile.equals(frame.sourceFile()) && methodName.equals(frame.methodName())
                    && sameClass(frame.className());
        };
    }

    /** Whether this name's class is exactly the frame's, nested separators included. */
    boolean namesExactClass(Frame frame) {
        return className != null && className.equals(frame.className());
    }

    private boolean sameClass(String frameClass) {
        return className.equals(frameClass) || className.replace('$', '.').equals(frameClass.replace('$', '.'));
    }

    /** {@code com/acme} for {@code com.acme.Foo$Inner}; empty for a class in the default package. */
    static String packageDirectory(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot).replace('.', '/');
    }

    /**
     * The name the analyzer shows for a frame: the stack-trace form, as {@link Frame#toString()}
     * writes it. The one exception is a frame with a line but no source file, which a stack trace
     * prints as {@code (Unknown Source)}, losing the line; it shows as {@code com.acme.Foo.bar:42}
     * instead, so that distinct lines never share a name and every shown name can be typed back.
     */
    public static String of(Frame frame) {
        if (frame.sourceFile() == null && frame.line() > 0) {
            return frame.className() + '.' + frame.methodName() + ':' + frame.line();
        }
        return frame.toString();
    }

    /**
     * The line that allocated: the display name of a trace's innermost frame, or null for an
     * unknown trace or one without frames.
     */
    public static String ofAllocation(StackTrace trace) {
        return trace.isUnknown() || trace.frames().isEmpty() ? null : of(trace.frames().get(0));
    }

    /** The name written in its own form, such as {@code com/acme/Foo.java:42}. */
    @Override
    public String toString() {
        return switch (form) {
            case FILE -> sourceFile + ':' + line;
            case PATH -> directory + '/' + sourceFile + ':' + line;
            case METHOD -> className + '.' + methodName + ':' + line;
            case FRAME -> className + '.' + methodName + '(' + sourceFile + ':' + line + ')';
        };
    }
}
