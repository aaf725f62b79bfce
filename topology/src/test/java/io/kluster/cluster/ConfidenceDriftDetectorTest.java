package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceDriftDetectorTest {

    @Test
    void aSteadyNoisyLevelNeverReportsDrift() {
        ConfidenceDriftDetector detector = ConfidenceDriftDetector.forWindowMeans();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 5_000; i++) {
            assertThat(detector.observe(0.8 + random.nextDouble(-0.02, 0.02))).as("batch %d", i).isFalse();
        }
    }

    @Test
    void aSuddenDropIsReportedWithinAFewBatches() {
        ConfidenceDriftDetector detector = ConfidenceDriftDetector.forWindowMeans();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            detector.observe(0.8 + random.nextDouble(-0.02, 0.02));
        }
        int reportedAfter = -1;
        for (int i = 0; i < 50 && reportedAfter < 0; i++) {
            if (detector.observe(0.5 + random.nextDouble(-0.02, 0.02))) {
                reportedAfter = i + 1;
            }
        }
        assertThat(reportedAfter).isBetween(1, 10);
    }

    @Test
    void aDropOfTwoBatchDeviationsInANoisyStatisticIsReported() {
        ConfidenceDriftDetector detector = ConfidenceDriftDetector.forWindowMeans();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            detector.observe(0.5 + random.nextDouble(-0.08, 0.08));
        }
        boolean reported = false;
        for (int i = 0; i < 40 && !reported; i++) {
            reported = detector.observe(0.41 + random.nextDouble(-0.08, 0.08));
        }
        assertThat(reported).isTrue();
    }

    @Test
    void aRiseIsNotDrift() {
        ConfidenceDriftDetector detector = ConfidenceDriftDetector.forWindowMeans();
        for (int i = 0; i < 500; i++) {
            detector.observe(0.5 + (i % 2) * 0.01);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(detector.observe(0.95)).isFalse();
        }
    }

    @Test
    void nothingIsReportedDuringWarmup() {
        ConfidenceDriftDetector detector = new ConfidenceDriftDetector(0.01, 0.5, 1.0, 10);
        detector.observe(0.9);
        for (int i = 0; i < 8; i++) {
            assertThat(detector.observe(0.1)).isFalse();
        }
    }

    @Test
    void resetForgetsTheUsualLevel() {
        ConfidenceDriftDetector detector = new ConfidenceDriftDetector(0.1, 0.5, 2.0, 1);
        for (int i = 0; i < 100; i++) {
            detector.observe(0.9);
        }
        detector.reset();
        detector.observe(0.3);
        assertThat(detector.usualLevel()).isEqualTo(0.3);
    }

    @Test
    void invalidWeightsAreRejected() {
        assertThatThrownBy(() -> new ConfidenceDriftDetector(0.5, 0.1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceDriftDetector(0.01, 0.1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
