package dev.heapprof.agent;

/**
 * A class-name pattern of the {@code include} and {@code exclude} options: {@code *} matches any
 * run of characters. Matched by hand, without {@code java.util.regex}: the weaver runs while
 * classes load, and loading {@code Pattern} from inside the weaving of {@code Pattern} is a
 * {@code ClassCircularityError}.
 */
final class ClassNameGlob {
    private final String[] parts;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    ClassNameGlob(String glob) {
        this.parts = glob.split("\\*", -1);
        this.anchoredStart = !glob.startsWith("*");
        this.anchoredEnd = !glob.endsWith("*");
    }

    boolean matches(String name) {
        int pos = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (i == 0 && anchoredStart) {
                if (!name.startsWith(part)) {
                    return false;
                }
                pos = part.length();
            } else if (i == parts.length - 1 && anchoredEnd) {
                return name.length() - part.length() >= pos && name.endsWith(part);
            } else {
                int at = name.indexOf(part, pos);
                if (at < 0) {
                    return false;
                }
                pos = at + part.length();
            }
        }
        return !anchoredEnd || pos == name.length() || parts[parts.length - 1].isEmpty();
    }
}
