package dev.heapprof.analyzer;

/**
 * Levenshtein distance, to suggest the recorded lines nearest to a name that matched none: a
 * mistyped line number or file name is one or two edits from what the user meant.
 */
final class EditDistance {
    private EditDistance() {}

    /** The number of single-character insertions, deletions and substitutions turning a into b. */
    static int between(String a, String b) {
        return between(a, b, Integer.MAX_VALUE - 1);
    }

    /**
     * As {@link #between(String, String)}, but gives up once the distance is known to exceed
     * {@code limit} and then returns {@code limit + 1}: ranking thousands of lines only needs
     * exact distances for the few closest.
     */
    static int between(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}
