package dev.heapprof.examples.pipeline;

/**
 * The command line of {@link DataPipeline}: {@code [--scale=F] [--help]}. A bad argument is an
 * {@link IllegalArgumentException} whose message is one line that says what was wrong and what is
 * allowed, ready to print as it is.
 *
 * @param scale how much work to do relative to the default run (1.0, about 6 s)
 * @param help  whether to print the usage and do nothing else
 */
record PipelineArguments(double scale, boolean help) {
    static final String USAGE = "usage: DataPipeline [--scale=F] (F > 0, default 1.0; work and heap grow with F)";

    /** The largest scale accepted: far beyond any heap, but it keeps the window's size an int. */
    static final double MAX_SCALE = 1000;

    private static final String SCALE = "--scale=";

    static PipelineArguments parse(String... args) {
        double scale = 1.0;
        boolean scaleGiven = false;
        boolean help = false;
        for (String arg : args) {
            if (arg.startsWith(SCALE)) {
                if (scaleGiven) {
                    throw new IllegalArgumentException("--scale given twice; " + USAGE);
                }
                scale = parseScale(arg.substring(SCALE.length()));
                scaleGiven = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
            }
        }
        return new PipelineArguments(scale, help);
    }

    private static double parseScale(String text) {
        double scale;
        try {
            scale = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw badScale(text);
        }
        if (!(scale > 0) || scale > MAX_SCALE) {
            throw badScale(text);
        }
        return scale;
    }

    private static IllegalArgumentException badScale(String text) {
        return new IllegalArgumentException("--scale must be a number greater than 0 and at most "
                + (int) MAX_SCALE + ", got '" + text + "'; " + USAGE);
    }
}
