package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineArgumentsTest {
    @Test
    void noArgumentMeansScaleOne() {
        assertThat(PipelineArguments.parse()).isEqualTo(new PipelineArguments(1.0, false));
    }

    @Test
    void scaleTakesAnyPositiveNumber() {
        assertThat(PipelineArguments.parse("--scale=0.05").scale()).isEqualTo(0.05);
        assertThat(PipelineArguments.parse("--scale=2").scale()).isEqualTo(2.0);
        assertThat(PipelineArguments.parse("--scale=1e-3").scale()).isEqualTo(0.001);
    }

    @Test
    void helpIsAFlag() {
        assertThat(PipelineArguments.parse("-h").help()).isTrue();
        assertThat(PipelineArguments.parse("--scale=0.5", "--help")).isEqualTo(new PipelineArguments(0.5, true));
    }

    @Test
    void aBadScaleNamesWhatWasGivenAndWhatIsAllowed() {
        assertThatThrownBy(() -> PipelineArguments.parse("--scale=abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--scale must be a number greater than 0 and at most 1000, got 'abc'")
                .hasMessageContaining(PipelineArguments.USAGE);
        assertThatThrownBy(() -> PipelineArguments.parse("--scale=Infinity")).hasMessageContaining("got 'Infinity'");
        assertThatThrownBy(() -> PipelineArguments.parse("--scale=0")).hasMessageContaining("got '0'");
    }

    @Test
    void scaleGivenTwiceIsRejected() {
        assertThatThrownBy(() -> PipelineArguments.parse("--scale=1", "--scale=2")).hasMessageStartingWith("--scale given twice");
    }

    @Test
    void anUnknownArgumentIsRejectedByName() {
        assertThatThrownBy(() -> PipelineArguments.parse("--verbose")).hasMessageStartingWith("unknown argument '--verbose'");
    }
}
