package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacks taken without Throwable's constructor: the same frames as a constructed throwable's, and
 * nothing in the program's JFR recording. The agent opens {@code java.lang} through Instrumentation;
 * this test gets it from {@code --add-opens} (see the module's pom).
 */
class StackCaptureTest {
    private final String[] why = new String[1];
    private final StackCapture capture = StackCapture.open(null, why);

    @TempDir
    Path dir;

    @Test
    void opensOnThisJvm() {
        assertThat(capture.withoutConstructor()).as("why: %s", why[0]).isTrue();
        assertThat(StackCapture.CONSTRUCTOR.withoutConstructor()).isFalse();
    }

    private Throwable[] bothOnOneLine() {
        return new Throwable[] {capture.capture(), new Throwable()};
    }

    @Test
    void theCallersFramesAreThoseOfAConstructedThrowable() {
        Throwable[] both = bothOnOneLine();
        StackTraceElement[] captured = both[0].getStackTrace();
        StackTraceElement[] constructed = both[1].getStackTrace();
        // The capture's own frame on top (the agent's, which decoded traces leave out), then the same frames.
        assertThat(captured[0].getClassName()).isEqualTo(StackCapture.class.getName());
        assertThat(captured[0].getMethodName()).isEqualTo("capture");
        assertThat(constructed[0].getMethodName()).isEqualTo("bothOnOneLine");
        assertThat(Arrays.copyOfRange(captured, 1, captured.length)).containsExactly(constructed);
    }

    @Test
    void eachCaptureIsItsOwn() {
        Throwable first = capture.capture();
        Throwable second = deeper(capture);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getStackTrace()).hasSize(first.getStackTrace().length + 1);
    }

    private static Throwable deeper(StackCapture c) {
        return c.capture();
    }

    /**
     * A JFR recording of exceptions sees the program's own throwables and none of the captures;
     * the constructor's captures it does see, which shows the recording would tell.
     */
    @Test
    void jfrRecordsNoExceptionForACapture() throws Exception {
        Path file = dir.resolve("exceptions.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.start();
            for (int i = 0; i < 50; i++) {
                capture.capture();
            }
            for (int i = 0; i < 3; i++) {
                StackCapture.CONSTRUCTOR.capture();
            }
            new IllegalStateException("the program's own").getMessage();
            recording.stop();
            recording.dump(file);
        }
        List<String> thrown = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.JavaExceptionThrow")) {
                thrown.add(e.getClass("thrownClass").getName() + " " + e.getString("message"));
            }
        }
        assertThat(Files.size(file)).isPositive();
        assertThat(thrown).containsExactlyInAnyOrder("java.lang.Throwable null", "java.lang.Throwable null", "java.lang.Throwable null",
                "java.lang.IllegalStateException the program's own");
    }
}
