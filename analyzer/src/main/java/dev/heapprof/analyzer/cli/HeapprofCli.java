package dev.heapprof.analyzer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code heapprof} command. Exit codes: 0 on success, 2 on a usage error (one line, no stack
 * trace), 1 when the work failed (a file that cannot be read, say), with a message that names the
 * file and, for a damaged one, the byte offset.
 */
@Command(name = "heapprof", mixinStandardHelpOptions = true, versionProvider = HeapprofCli.Version.class, usageHelpWidth = 120,
        description = {"A heap profiler for the JVM: where memory goes, and when.", "",
            "Record a profile with the agent (heapprof run, or java -javaagent:heapprof.jar=file=BASE), then look at it:"},
        subcommands = {RunCommand.class, DigestCommand.class, InfoCommand.class, TopCommand.class, StatsCommand.class, DumpCommand.class,
            TimePlotCommand.class, FlowGraphCommand.class, FlameGraphCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  heapprof demo                                       profile the bundled example, show what it found",
            "  heapprof run --file out/app -- java -jar app.jar    record a profile of your program",
            "  heapprof info out/app                               duration, peak, GCs, coverage",
            "  heapprof top out/app --at peak                      the lines holding the most memory at the peak",
            "  heapprof top out/app --by allocated --group type    which types allocated the most",
            "", "Run 'heapprof help COMMAND' for a command's options. Documentation: docs/cli.md."})
public final class HeapprofCli implements Runnable {
    /** A mistake in how the command was called: exit code 2, one line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: run, digest, info, top, stats, dump, timeplot, flowgraph, flamegraph or demo");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command line; returns the exit code. Tests call this with their own writers. Numbers
     * are written as in English ("12,345", "1.5") whatever the user's locale: the words around them
     * are English, and scripts read the lines.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        try {
            return executeInRootLocale(args, out, err);
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    private static int executeInRootLocale(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HeapprofCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("heapprof: " + ex.getMessage());
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandName().equals("heapprof") ? "" : " " + cmd.getCommandName();
            err.println("Try 'heapprof" + name + " --help' for more.");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UsageException || ex instanceof IllegalArgumentException) {
                err.println("heapprof: " + ex.getMessage());
                err.flush();
                return 2;
            }
            err.println("heapprof: " + describe(ex));
            err.flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line for a failure: the message, which for our format errors names file and offset. */
    static String describe(Throwable t) {
        Throwable e = t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof NoSuchFileException n) {
            return n.getReason() != null ? n.getFile() + ": " + n.getReason() : "no such file: " + n.getFile();
        }
        if (e instanceof IOException) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return e.toString();
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = HeapprofCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"heapprof " + p.getProperty("version", "(unknown version)"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "") + ")"};
        }
    }
}
