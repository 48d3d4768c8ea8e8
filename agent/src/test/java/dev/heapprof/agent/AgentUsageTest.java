package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.agent.AgentUsage.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AgentUsageTest {
    private static final Path DOCS = Path.of("..", "docs", "agent.md");

    @Test
    void itDescribesEveryOptionInTheOrderOfTheOptionsClass() {
        assertThat(AgentUsage.OPTIONS).extracting(Row::key).containsExactlyElementsOf(AgentOptions.keys());
    }

    @Test
    void theDefaultsItShowsAreTheDefaultsInForce() {
        AgentOptions none = AgentOptions.parse("");
        StringBuilder given = new StringBuilder();
        for (Row r : AgentUsage.OPTIONS) {
            boolean literal = !r.byDefault().contains(" ") && !r.byDefault().startsWith("~") && !r.byDefault().equals("random")
                    && !r.byDefault().equals("everything") && !r.byDefault().equals("nothing");
            if (literal) {
                given.append(given.length() == 0 ? "" : ",").append(r.key()).append('=').append(r.byDefault());
            }
        }
        assertThat(given.toString()).isEqualTo("file=heapprof-%p,interval=512k,depth=128,live=true,flush=1s,log=stderr");
        AgentOptions shown = AgentOptions.parse(given.toString());
        assertThat(shown.interval()).isEqualTo(none.interval());
        assertThat(shown.depth()).isEqualTo(none.depth());
        assertThat(shown.live()).isEqualTo(none.live());
        assertThat(shown.flushNanos()).isEqualTo(none.flushNanos());
        assertThat(shown.log()).isEqualTo(none.log());
        assertThat(shown.fileBase(42)).isEqualTo(none.fileBase(42));
    }

    @Test
    void theDocsTableListsTheSameOptionsInTheSameOrder() throws Exception {
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z]+)` \\|").matcher(Files.readString(DOCS));
        while (m.find()) {
            documented.add(m.group(1));
        }
        List<String> expected = new ArrayList<>(AgentOptions.keys());
        expected.add("help");
        assertThat(documented).containsExactlyElementsOf(expected);
    }

    @Test
    void theTextNamesEachOptionOnItsOwnLineAndHasNoRaggedEnds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AgentUsage.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (Row r : AgentUsage.OPTIONS) {
            assertThat(text).containsPattern("(?m)^  " + Pattern.quote(r.key() + "=" + r.value()) + " +" + Pattern.quote(r.byDefault()) + " ");
        }
        assertThat(text.lines()).allSatisfy(l -> {
            assertThat(l).doesNotEndWith(" ");
            assertThat(l.length()).isLessThanOrEqualTo(120);
        });
    }
}
