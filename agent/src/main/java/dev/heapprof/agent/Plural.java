package dev.heapprof.agent;

/** A count with its noun in the right number, for the exit line: "1 class", "2,345 classes". */
final class Plural {
    private Plural() {}

    static String of(long n, String one, String many) {
        return String.format("%,d %s", n, n == 1 ? one : many);
    }
}
