package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The built jar: only our packages inside, ASM relocated, the manifest an agent needs; bad options stop the JVM. */
class AgentJarIT {
    @Test
    void everyClassSitsInOurPackages() throws Exception {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ForkedRun.AGENT_JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class")) {
                    classes++;
                    if (!e.getName().startsWith("dev/heapprof/")) {
                        outside.add(e.getName());
                    }
                }
            }
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.heapprof.agent.launch.AgentLauncher");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.heapprof.agent.launch.AgentLauncher");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(jar.getEntry("dev/heapprof/agent/shaded/asm/ClassReader.class")).isNotNull();
            assertThat(jar.getEntry("dev/heapprof/format/EventLogWriter.class")).isNotNull();
        }
        assertThat(classes).isGreaterThan(100);
        assertThat(outside).isEmpty();
    }

    static java.util.stream.Stream<Path> jdks() {
        return ForkedRun.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBadOptionStopsTheJvmWithOneLineNamingIt(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, "interval=lots", List.of(), testprograms.DropsAndKeeps.class.getName());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().lines().filter(l -> l.startsWith("heapprof:")).toList()).singleElement().asString()
                .contains("'interval'").contains("lots").contains("512k");
        ForkedRun.Result unknown = ForkedRun.run(jdk, "intervall=1k", List.of(), testprograms.DropsAndKeeps.class.getName());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("unknown option 'intervall'").contains("known options: file, interval");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theApiIsANoOpWithoutTheAgent(Path jdk) throws Exception {
        ForkedRun.Result r = ForkedRun.run(jdk, null, List.of(), testprograms.KnownAllocations.class.getName());
        // Without the agent, the test classes alone do not hold the API: it must come from the agent jar.
        assertThat(r.stderr()).contains("NoClassDefFoundError");
    }
}
