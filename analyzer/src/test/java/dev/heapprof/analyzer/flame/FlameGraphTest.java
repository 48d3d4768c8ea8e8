package dev.heapprof.analyzer.flame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestProgress;
import dev.heapprof.format.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlameGraphTest {
    @TempDir
    Path dir;
    Path base;

    static final Frame MAIN = ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10);
    static final Frame LOAD = ProfileFixture.frame("com.acme.Loader", "load", "Loader.java", 20);
    static final Frame NO_SOURCE = ProfileFixture.frame("com.acme.Gen$$Lambda", "apply", null, 0);

    @BeforeEach
    void record() throws IOException {
        base = dir.resolve("p");
        try (ProfileFixture p = ProfileFixture.create(base, 0)) {
            long names = p.trace("java.lang.String[]", LOAD, MAIN);
            long bytes = p.trace("byte[]", LOAD, MAIN);
            long lambda = p.trace("int[]", NO_SOURCE, MAIN);
            p.alloc(1, names, 3_000).alloc(2, names, 3_000).alloc(3, bytes, 1_000).alloc(4, lambda, 500);
        }
    }

    private FlameGraph graph(boolean withType) throws IOException {
        try (Profile p = Profile.open(base, new DigestOptions(10, 0), DigestProgress.NONE, false)) {
            HeapSnapshot end = p.end();
            return p.flameGraph(end, withType);
        }
    }

    @Test
    void foldedStacksAreRootFirstWithIntegerBytesAndSourceLevelTypes() throws IOException {
        StringWriter w = new StringWriter();
        graph(true).writeFolded(w);
        assertThat(w.toString()).isEqualTo("""
                com.acme.Main.main(Main.java:10);com.acme.Loader.load(Loader.java:20);java.lang.String[] 6000
                com.acme.Main.main(Main.java:10);com.acme.Loader.load(Loader.java:20);byte[] 1000
                com.acme.Main.main(Main.java:10);com.acme.Gen$$Lambda.apply;int[] 500
                """);
        // Every line is what speedscope's importer accepts: "^(.*) (\\d+)$", no ';' inside a name.
        for (String line : w.toString().lines().toList()) {
            assertThat(line).matches("^(.*) (\\d+)$");
        }
        StringWriter noType = new StringWriter();
        graph(false).writeFolded(noType);
        // Without the type the two loader traces are one stack: one line, their sum.
        assertThat(noType.toString()).isEqualTo("""
                com.acme.Main.main(Main.java:10);com.acme.Loader.load(Loader.java:20) 7000
                com.acme.Main.main(Main.java:10);com.acme.Gen$$Lambda.apply 500
                """);
    }

    @Test
    void aSemicolonInANameNeverSplitsAFrame() {
        assertThat(FlameGraph.foldedName(new FlameGraph.FlameFrame("weird;name\n", "A.java", 3))).isEqualTo("weird,name (A.java:3)");
    }

    @Test
    void speedscopeJsonHasTwoProfilesOverSharedFrames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        graph(true).writeSpeedscope(out);
        JsonNode j = new ObjectMapper().readTree(out.toByteArray());
        assertThat(j.get("$schema").asText()).isEqualTo("https://www.speedscope.app/file-format-schema.json");
        JsonNode frames = j.get("shared").get("frames");
        List<String> names = new ArrayList<>();
        frames.forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).containsExactly("com.acme.Main.main", "com.acme.Loader.load", "java.lang.String[]", "byte[]",
                "com.acme.Gen$$Lambda.apply", "int[]");
        assertThat(frames.get(0).get("file").asText()).isEqualTo("Main.java");
        assertThat(frames.get(0).get("line").asInt()).isEqualTo(10);
        assertThat(frames.get(4).has("file")).isFalse();
        JsonNode profiles = j.get("profiles");
        assertThat(profiles).hasSize(2);
        JsonNode bytes = profiles.get(0);
        assertThat(bytes.get("type").asText()).isEqualTo("sampled");
        assertThat(bytes.get("unit").asText()).isEqualTo("bytes");
        assertThat(bytes.get("endValue").asLong()).isEqualTo(7_500);
        assertThat(bytes.get("samples").get(0)).extracting(JsonNode::asInt).containsExactly(0, 1, 2);
        assertThat(bytes.get("weights")).extracting(JsonNode::asLong).containsExactly(6_000L, 1_000L, 500L);
        JsonNode objects = profiles.get(1);
        assertThat(objects.get("unit").asText()).isEqualTo("none");
        assertThat(objects.get("weights")).extracting(JsonNode::asLong).containsExactly(2L, 1L, 1L);
        // What the importer rejects: indices out of range, negative or fractional weights.
        for (JsonNode profile : profiles) {
            assertThat(profile.get("samples").size()).isEqualTo(profile.get("weights").size());
            profile.get("samples").forEach(s -> s.forEach(i -> assertThat(i.asInt()).isBetween(0, frames.size() - 1)));
            profile.get("weights").forEach(w -> assertThat(w.isIntegralNumber() && w.asLong() > 0).isTrue());
        }
    }

    @Test
    void theApiWritesEitherFormatByTheFileName() throws IOException {
        try (Profile p = Profile.open(base)) {
            Path json = dir.resolve("flame.speedscope.json");
            Path folded = dir.resolve("flame.collapsedstack.txt");
            p.writeFlameGraph(json, 1);
            p.writeFlameGraph(folded, 1);
            assertThat(Files.readString(json)).startsWith("{\"$schema\"");
            assertThat(Files.readAllLines(folded)).hasSize(3);
        }
    }
}
