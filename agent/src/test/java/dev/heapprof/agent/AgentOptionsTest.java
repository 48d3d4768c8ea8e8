package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {
    @Test
    void defaults() {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.interval()).isEqualTo(512 * 1024);
        assertThat(o.depth()).isEqualTo(128);
        assertThat(o.live()).isTrue();
        assertThat(o.flushNanos()).isEqualTo(1_000_000_000L);
        assertThat(o.seed()).isNull();
        assertThat(o.log()).isEqualTo("stderr");
        assertThat(o.fileBase(42, LocalDateTime.of(2026, 1, 2, 3, 4, 5))).isEqualTo(Path.of("heapprof-42").toAbsolutePath());
        assertThat(o.weaves("com.acme.Foo")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "512k,524288", "2m,2097152", "1g,1073741824", "64K,65536"})
    void intervalsTakeSuffixes(String text, long bytes) {
        assertThat(AgentOptions.parse("interval=" + text).interval()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"10ms,10000000", "1s,1000000000", "250ms,250000000", "2m,120000000000"})
    void flushTakesUnits(String text, long nanos) {
        assertThat(AgentOptions.parse("flush=" + text).flushNanos()).isEqualTo(nanos);
    }

    @Test
    void fileBaseExpandsPidAndTime() {
        AgentOptions o = AgentOptions.parse("file=/tmp/run-%p-%t");
        assertThat(o.fileBase(7, LocalDateTime.of(2026, 11, 24, 20, 1, 2))).isEqualTo(Path.of("/tmp/run-7-20261124-200102"));
        assertThat(o.fileBase(7).getFileName().toString()).matches("run-7-20[0-9]{6}-[0-9]{6}");
        // Without %t the clock is not needed.
        assertThat(AgentOptions.parse("file=/tmp/run-%p").fileBase(7, null)).isEqualTo(Path.of("/tmp/run-7"));
    }

    @Test
    void everyOptionParses() {
        AgentOptions o = AgentOptions.parse("file=x,interval=0,seed=-3,depth=16,include=com.acme.*,exclude=*Test:com.acme.gen.*,live=false,flush=200ms,log=none");
        assertThat(o.seed()).isEqualTo(-3);
        assertThat(o.depth()).isEqualTo(16);
        assertThat(o.live()).isFalse();
        assertThat(o.log()).isEqualTo("none");
        assertThat(o.weaves("com.acme.Foo")).isTrue();
        assertThat(o.weaves("com.acme.FooTest")).isFalse();
        assertThat(o.weaves("com.acme.gen.Bar")).isFalse();
        assertThat(o.weaves("org.other.Baz")).isFalse();
        assertThat(o.toString()).startsWith("file=x,interval=0,seed=-3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "interval=lots|bad value 'lots' for option 'interval'",
        "interval=-1|option 'interval'",
        "interval=2048g|option 'interval'",
        "depth=0|option 'depth'",
        "depth=100000|option 'depth'",
        "seed=x|option 'seed'",
        "live=maybe|option 'live'",
        "flush=5|option 'flush'",
        "flush=1ms|option 'flush'",
        "include=com.acme.(x)|option 'include'",
        "colour=red|unknown option 'colour'",
        "interval|needs the form key=value",
        "interval=1k,interval=2k|given twice",
        "cache= |option 'cache'",
    })
    void badOptionsAreOneLineNamingTheOption(String options, String message) {
        assertThatThrownBy(() -> AgentOptions.parse(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("heapprof: ").hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void cacheIsADirectoryOrOffWithTheXdgDefault() {
        Map<String, String> xdg = Map.of("XDG_CACHE_HOME", "/var/cache/me");
        assertThat(AgentOptions.parse(null).cacheDir(xdg, "/home/me")).isEqualTo(Path.of("/var/cache/me/heapprof"));
        assertThat(AgentOptions.parse(null).cacheDir(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/heapprof"));
        // A relative XDG_CACHE_HOME is invalid by the XDG rules and ignored.
        assertThat(AgentOptions.parse(null).cacheDir(Map.of("XDG_CACHE_HOME", "rel"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/heapprof"));
        assertThat(AgentOptions.parse("cache=/tmp/woven").cacheDir(xdg, "/home/me")).isEqualTo(Path.of("/tmp/woven"));
        assertThat(AgentOptions.parse("cache=rel/dir").cacheDir(xdg, "/home/me")).isEqualTo(Path.of("rel/dir").toAbsolutePath());
        assertThat(AgentOptions.parse("cache=off").cacheDir(xdg, "/home/me")).isNull();
        assertThat(AgentOptions.parse("cache=OFF").cacheDir(xdg, "/home/me")).isNull();
    }

    @Test
    void formatBuildsWhatParseReads() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("file", "/tmp/x");
        given.put("interval", "0");
        String text = AgentOptions.format(given);
        assertThat(text).isEqualTo("file=/tmp/x,interval=0");
        assertThat(AgentOptions.parse(text).interval()).isZero();
        given.put("file", "a,b");
        assertThatThrownBy(() -> AgentOptions.format(given)).hasMessageContaining("comma");
    }
}
