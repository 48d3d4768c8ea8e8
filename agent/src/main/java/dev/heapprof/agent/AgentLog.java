package dev.heapprof.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.heapprof.format.OwnerOnlyFiles;

/** Where the agent's messages go ({@code log=stderr|none|FILE}): one line each, prefixed "heapprof: ". */
final class AgentLog {
    private final PrintStream out;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    private AgentLog(PrintStream out) {
        this.out = out;
    }

    static AgentLog open(String destination) {
        if (destination.equals("stderr")) {
            return new AgentLog(System.err);
        }
        if (destination.equals("none")) {
            return new AgentLog(null);
        }
        try {
            OutputStream file = Channels.newOutputStream(OwnerOnlyFiles.create(Path.of(destination), true));
            return new AgentLog(new PrintStream(file, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("heapprof: cannot open the log file " + destination + " (" + e.getMessage() + "); logging to stderr");
            return new AgentLog(System.err);
        }
    }

    void info(String message) {
        if (out != null && message != null) {
            out.println("heapprof: " + message);
        }
    }

    /** Says {@code message} the first time {@code key} is seen, and never again. */
    void once(String key, String message) {
        if (said.add(key)) {
            info(message);
        }
    }

    void close() {
        if (out != null && out != System.err) {
            out.close();
        }
    }
}
