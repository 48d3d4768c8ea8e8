package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import testprograms.KnownAllocations;
import dev.heapprof.format.ObjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact mode ({@code interval=0}) on a program with known allocations: every kind of allocation
 * site is counted exactly, at the right frame, with the size the VM's layout gives. Sizes are
 * computed here from the layout rules (header, reference and alignment sizes), independently of
 * {@code Instrumentation.getObjectSize}, for each VM mode tested.
 */
class AgentExactModeIT {
    private static final String PROGRAM = KnownAllocations.class.getName();
    private static final int N = KnownAllocations.N;

    @TempDir
    Path dir;

    static Stream<Arguments> vms() {
        List<Arguments> out = new ArrayList<>();
        ForkedRun.jdks().forEach(jdk -> {
            out.add(Arguments.of(jdk, List.of()));
            out.add(Arguments.of(jdk, List.of("-XX:-UseCompressedOops")));
            if (ForkedRun.feature(jdk) >= 25) {
                out.add(Arguments.of(jdk, List.of("-XX:+UseCompactObjectHeaders")));
            }
        });
        return out.stream();
    }

    /** Object sizes from the layout rules of HotSpot, for the mode the profile header reports. */
    record Layout(ObjectLayout vm) {
        int header() {
            return vm.compactHeaders() ? 8 : vm.compressedClassPointers() ? 12 : 16;
        }

        int arrayHeader() {
            return vm.compactHeaders() ? 12 : vm.compressedClassPointers() ? 16 : 20;
        }

        int ref() {
            return vm.compressedOops() ? 4 : 8;
        }

        long align(long bytes) {
            int a = vm.objectAlignment();
            return (bytes + a - 1) / a * a;
        }

        long object(int fieldBytes) {
            return align(header() + fieldBytes);
        }

        long array(int elements, int elementBytes) {
            return align(arrayHeader() + (long) elements * elementBytes);
        }
    }

    /**
     * Twice, with a cache of woven classes of its own: the first run weaves every class and fills
     * the cache, the second takes the woven classes from it; both must count exactly.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vms")
    void everyAllocationIsCountedAtItsFrameWithItsSize(Path jdk, List<String> flags) throws Exception {
        Path cache = dir.resolve("cache");
        String cold = runAndCheck(jdk, flags, "cold", cache);
        assertThat(cold).containsPattern("classes reused, [1-9][0-9,]* added");
        String warm = runAndCheck(jdk, flags, "warm", cache);
        assertThat(warm).containsPattern(", [1-9][0-9,]* classes from the cache\\)").containsPattern("[1-9][0-9,]* classes reused");
    }

    /** One exact-mode run with all its checks; returns its stderr. */
    private String runAndCheck(Path jdk, List<String> flags, String name, Path cache) throws Exception {
        Path base = dir.resolve(name);
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + base + ",interval=0,cache=" + cache, flags, PROGRAM);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ok, profiled\n");
        assertThat(r.stderr()).doesNotContain("could not weave").contains("samples");

        RecordedProfile p = new RecordedProfile(base);
        assertThat(p.eventsReport.problemCount()).isZero();
        assertThat(p.eventsReport.trailingBytes()).isZero();
        assertThat(p.samplingInterval).isZero();
        assertThat(p.marks).containsExactly("start", "end");
        // The agent's own allocation and its exit line are in the profile too, last.
        assertThat(p.agentMarks).hasSize(2);
        assertThat(p.agentMarks.get(0)).matches("heapprof:agent-allocated-bytes [0-9]+");
        assertThat(p.agentMarks.get(1)).startsWith("heapprof:exit ").contains(" samples, about ");
        Layout l = new Layout(p.metadata.header().objectLayout());
        if (flags.contains("-XX:+UseCompactObjectHeaders")) {
            assertThat(l.vm().compactHeaders()).isTrue();
        }
        if (flags.contains("-XX:-UseCompressedOops")) {
            assertThat(l.vm().compressedOops()).isFalse();
        }
        String k = PROGRAM;
        String point = k + "$Point";

        expect(p, k, "plainObjects", point, N, l.object(8));
        expect(p, k, "branchBetweenNewAndInit", point, N, l.object(8));
        expect(p, k, "nestedNew", point, 2 * N, l.object(8));
        expect(p, k, "nestedNew", k + "$Pair", N, l.object(2 * l.ref()));
        expect(p, k, "throwingConstructor", k + "$Exploding", 0, 0);
        assertThat(p.allocsAt(k + "$Exploding", "<init>")).as("exceptions thrown by the constructor")
                .hasSize(N).allMatch(a -> a.trace().allocatedType().equals("java.lang.IllegalStateException"));
        expect(p, k, "thisAndSuperCalls", k + "$Derived", N, l.object(4));
        expect(p, k, "primitiveArrays", "int[]", N, l.array(10, 4));
        expect(p, k, "primitiveArrays", "byte[]", N, l.array(100, 1));
        expect(p, k, "objectArrays", "java.lang.String[]", N, l.array(5, l.ref()));
        expect(p, k, "multiArrays", "int[][]", N, l.array(3, l.ref()));
        expect(p, k, "multiArrays", "int[]", 3 * N, l.array(4, 4));

        // JDK code called by the program: HashMap nodes are allocated in java.util.HashMap.newNode.
        List<RecordedProfile.Alloc> nodes = p.allocsAt("java.util.HashMap", "newNode").stream()
                .filter(a -> a.trace().frames().stream().anyMatch(f -> f.className().equals(k) && f.methodName().equals("collections")))
                .toList();
        assertThat(nodes).hasSize(N).allMatch(a -> a.trace().allocatedType().equals("java.util.HashMap$Node"))
                .allMatch(a -> a.size() == l.object(4 + 3 * l.ref()));
        assertThat(nodes.get(0).trace().frames().get(0).sourceFile()).isEqualTo("HashMap.java");
        assertThat(nodes.get(0).trace().frames().get(0).line()).isPositive();
        return r.stderr();
    }

    private static void expect(RecordedProfile p, String className, String method, String type, int count, long size) {
        List<RecordedProfile.Alloc> at = p.allocsAt(className, method).stream()
                .filter(a -> a.trace().allocatedType().equals(type)).toList();
        assertThat(at).as("%s allocated at %s.%s", type, className, method).hasSize(count);
        assertThat(at).as("size of %s", type).allMatch(a -> a.size() == size);
        for (RecordedProfile.Alloc a : at) {
            assertThat(a.trace().frames().get(0).sourceFile()).isEqualTo("KnownAllocations.java");
            assertThat(a.trace().frames().get(1).methodName()).isEqualTo("main");
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
