package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void scaleOneIsTheTunedRun() {
        Workload w = Workload.forScale(1);
        assertThat(w.ordersPerIngestPhase()).isEqualTo(Workload.ORDERS_PER_INGEST_PHASE);
        assertThat(w.reportWindow()).isEqualTo(Workload.REPORT_WINDOW);
        assertThat(w.drillDowns()).isEqualTo(Workload.DRILL_DOWNS);
        assertThat(w.totalOrders()).isEqualTo(2 * Workload.ORDERS_PER_INGEST_PHASE + Workload.REPORT_WINDOW);
    }

    @Test
    void amountsGrowInProportionToTheScale() {
        Workload tenth = Workload.forScale(0.1);
        assertThat(tenth.ordersPerIngestPhase()).isEqualTo(Workload.ORDERS_PER_INGEST_PHASE / 10);
        assertThat(tenth.reportWindow()).isEqualTo(Workload.REPORT_WINDOW / 10);
        assertThat(tenth.drillDowns()).isEqualTo(Workload.DRILL_DOWNS);
    }

    @Test
    void aTinyScaleStillDoesSomething() {
        Workload w = Workload.forScale(1e-12);
        assertThat(w.ordersPerIngestPhase()).isEqualTo(1);
        assertThat(w.reportWindow()).isEqualTo(1);
    }

    @Test
    void aScaleThatIsNotPositiveAndFiniteIsRejected() {
        assertThatThrownBy(() -> Workload.forScale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Workload.forScale(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Workload.forScale(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
