package dev.heapprof.format;

/**
 * One stack frame: the declaring class (binary name with dots), the method, the source file
 * ({@code null} if unknown) and the line ({@code 0} if unknown).
 */
public record Frame(String className, String methodName, String sourceFile, int line) {
    public Frame {
        className = className == null ? "" : className;
        methodName = methodName == null ? "" : methodName;
        if (sourceFile != null && sourceFile.isEmpty()) {
            sourceFile = null;
        }
        line = Math.max(0, line);
    }

    // equals and hashCode written out: the agent keys its frame table by Frame, and a record's
    // generated ones are invokedynamic calls whose bootstrap would cost its first sample.
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.line == line && f.className.equals(className) && f.methodName.equals(methodName)
                && java.util.Objects.equals(f.sourceFile, sourceFile);
    }

    @Override
    public int hashCode() {
        return ((className.hashCode() * 31 + methodName.hashCode()) * 31 + java.util.Objects.hashCode(sourceFile)) * 31 + line;
    }

    /** As a Java stack trace writes it: {@code com.acme.Foo.bar(Foo.java:42)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(className).append('.').append(methodName).append('(');
        if (sourceFile == null) {
            s.append("Unknown Source");
        } else {
            s.append(sourceFile);
            if (line > 0) {
                s.append(':').append(line);
            }
        }
        return s.append(')').toString();
    }
}
