package dev.heapprof.analyzer;

/**
 * A line name that picks no single line of the profile: it matches none (the message lists the
 * closest lines, to catch a typo) or several (the message lists them, to pick one by a more
 * specific name). It is an {@link IllegalArgumentException} because the user's argument is at fault.
 */
public class UnknownLineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownLineException(String message) {
        super(message);
    }
}
