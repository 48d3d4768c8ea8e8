package dev.heapprof.agent;


/**
 * A count with its noun in the right number, for the exit line: "1 class", "2,345 classes". The
 * thousands are separated by commas in every locale: the line is English, and scripts read it.
 */
final class Plural {
    private Plural() {}

    static String of(long n, String one, String many) {
        return Numbers.grouped(n) + " " + (n == 1 ? one : many);
    }
}
