package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.digest.DigestOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The profile a command reads: its file base, opened with the digest built or reused. */
final class ProfileArgument {
    @Parameters(index = "0", paramLabel = "BASE",
            description = "The profile's file base, as given to the agent (file=BASE), or any of its files: BASE.hpm, BASE.hpd, BASE.hpc.")
    Path base;

    /** Opens it; a missing or stale digest is built first, with a progress bar on a terminal. Notes go to {@code err}. */
    Profile open(PrintWriter err) throws IOException {
        return open(err, DigestOptions.DEFAULT, false);
    }

    Profile open(PrintWriter err, DigestOptions options, boolean rebuild) throws IOException {
        TerminalProgress progress = TerminalProgress.forDigest(err, base);
        Profile p;
        try {
            p = Profile.open(base, options, progress, rebuild);
        } finally {
            progress.done();
        }
        for (String note : p.notes()) {
            err.println("heapprof: note: " + note);
        }
        err.flush();
        return p;
    }
}
