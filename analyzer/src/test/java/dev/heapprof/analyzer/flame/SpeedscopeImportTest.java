package dev.heapprof.analyzer.flame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.format.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our flame graphs in their real consumer: speedscope's own importer (the npm package, offline),
 * running in headless Chromium. A file speedscope cannot read shows "Something went wrong" or an
 * alert; one it reads sets the page title to the profile's name. Skipped where speedscope or
 * Chromium is missing; .ci/run installs both (npm speedscope@1.25.0 into ~/.cache/heapprof-npm,
 * Debian's chromium).
 */
class SpeedscopeImportTest {
    static final Path SPEEDSCOPE = Path.of(System.getProperty("heapprof.speedscope",
            System.getProperty("user.home") + "/.cache/heapprof-npm/node_modules/speedscope/dist/release/index.html"));

    @TempDir
    static Path dir;
    static Path base;

    @BeforeAll
    static void record() throws IOException {
        base = dir.resolve("p");
        try (ProfileFixture p = ProfileFixture.create(base, 64 * 1024)) {
            Frame main = ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10);
            long a = p.trace("java.lang.String[]", ProfileFixture.frame("com.acme.Loader", "load", "Loader.java", 20), main);
            long b = p.trace("byte[]", ProfileFixture.frame("com.acme.Cache<K>", "put&get", "Cache.java", 7), main);
            p.alloc(1, a, 3_000).alloc(2, b, 1_000_000).alloc(3, a, 64);
        }
    }

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dirName, name))) {
                    return Path.of(dirName, name).toString();
                }
            }
        }
        return null;
    }

    /** Loads the file into speedscope in headless Chromium; returns the page's DOM after loading. */
    static String load(String name, byte[] content) throws IOException, InterruptedException {
        String browser = chromium();
        assumeTrue(browser != null, "no Chromium on the PATH");
        assumeTrue(Files.exists(SPEEDSCOPE), "speedscope is not installed at " + SPEEDSCOPE);
        Path loader = dir.resolve("loader-" + System.nanoTime() + ".js");
        // An alert would block headless Chromium forever: show it in the title instead.
        Files.writeString(loader, "window.alert = function (m) { document.title = 'ALERT: ' + m; };\n"
                + "speedscope.loadFileFromBase64('" + name + "', '" + Base64.getEncoder().encodeToString(content) + "');\n");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                "--allow-file-access-from-files", "--virtual-time-budget=8000", "--dump-dom",
                SPEEDSCOPE.toUri() + "#localProfilePath=" + loader).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish loading " + name);
        }
        return new String(dom, StandardCharsets.UTF_8);
    }

    @Test
    void speedscopeImportsOurJson() throws Exception {
        Path json = dir.resolve("flame.speedscope.json");
        try (Profile p = Profile.open(base)) {
            p.writeFlameGraph(json, 1);
            String dom = load("flame.speedscope.json", Files.readAllBytes(json));
            assertThat(dom).doesNotContain("Something went wrong").doesNotContain("ALERT:");
            assertThat(dom).contains("<title>com.acme.Main at 0.000 s - speedscope</title>");
        }
    }

    @Test
    void speedscopeImportsOurFoldedStacks() throws Exception {
        Path folded = dir.resolve("flame.collapsedstack.txt");
        try (Profile p = Profile.open(base)) {
            p.writeFlameGraph(folded, 1);
            String dom = load("flame.collapsedstack.txt", Files.readAllBytes(folded));
            assertThat(dom).doesNotContain("Something went wrong").doesNotContain("ALERT:").contains("flame.collapsedstack.txt - speedscope");
        }
    }

    @Test
    void theCheckCanFail() throws Exception {
        // A negative weight: speedscope's importer refuses it, and the check sees that.
        String bad = "{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"shared\":{\"frames\":[{\"name\":\"a\"}]},"
                + "\"profiles\":[{\"type\":\"sampled\",\"name\":\"bad\",\"unit\":\"bytes\",\"startValue\":0,\"endValue\":1,"
                + "\"samples\":[[0]],\"weights\":[-5]}]}";
        String dom = load("bad.speedscope.json", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(dom).doesNotContain("<title>bad - speedscope</title>");
    }
}
