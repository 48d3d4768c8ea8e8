package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The raw-byte scan against ASM's own decoding of the same classes: every class of the JDK modules
 * that programs load most (switches with their padding, {@code wide}, every constant kind included).
 */
class AllocationScanTest {
    /** Per method in class-file order: 0 nothing, 1 arrays only, 3 {@code new} (and maybe arrays). */
    private static List<Integer> byAsm(byte[] classFile) {
        List<Integer> result = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                int index = result.size();
                result.add(0);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.NEW) {
                            result.set(index, 3);
                        } else if (opcode == Opcodes.ANEWARRAY) {
                            result.set(index, result.get(index) | 1);
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.NEWARRAY) {
                            result.set(index, result.get(index) | 1);
                        }
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                        result.set(index, result.get(index) | 1);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return result;
    }

    private static List<Integer> byScan(AllocationScan scan, int methods) {
        List<Integer> result = new ArrayList<>();
        for (int m = 0; m < methods; m++) {
            result.add((scan.allocates(m) ? 1 : 0) | (scan.usesNew(m) ? 2 : 0));
        }
        return result;
    }

    @Test
    void agreesWithAsmOnEveryClassOfTheCommonJdkModules() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        int classes = 0;
        int allocating = 0;
        for (String module : List.of("java.base", "java.desktop", "jdk.compiler", "java.xml", "java.sql")) {
            try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    byte[] bytes = Files.readAllBytes(file);
                    List<Integer> expected = byAsm(bytes);
                    AllocationScan scan = AllocationScan.of(bytes);
                    assertThat(byScan(scan, expected.size())).as(file.toString()).isEqualTo(expected);
                    assertThat(scan.allocates()).as(file.toString()).isEqualTo(expected.stream().anyMatch(f -> f != 0));
                    assertThat(scan.usesNew()).as(file.toString()).isEqualTo(expected.contains(3));
                    classes++;
                    allocating += scan.allocates() ? 1 : 0;
                }
            }
        }
        assertThat(classes).isGreaterThan(10_000);
        assertThat(allocating).isBetween(classes / 5, classes - classes / 5);
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedWithAReason() throws IOException {
        byte[] bytes;
        try (var in = AllocationScanTest.class.getResourceAsStream("AllocationScanTest.class")) {
            bytes = in.readAllBytes();
        }
        for (int cut : new int[] {10, bytes.length / 2, bytes.length - 3}) {
            assertThatThrownBy(() -> AllocationScan.of(Arrays.copyOf(bytes, cut)))
                    .as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AllocationScan.of("not a class file".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
    }
}
