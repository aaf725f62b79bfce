package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training gives the same model whether or not the garbage collector runs in the middle of a step.
 * A scalar whose memory Java owns and frees would make it differ (see {@link Scalars}).
 */
class TrainingUnderGarbageCollectionTest {

    private static final Blobs BLOBS = Blobs.generate(3, 30, 5, 1.0, 21L);

    @Test
    void aScalarKeepsItsValueWhenTheCollectorRunsBetweenForwardAndBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < 50; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(new float[] {1f, 2f, 3f});
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y = x.mul(Scalars.of(x, 3)).sum();
                        collectAndReuseFreedMemory();
                        collector.backward(y);
                    }
                    assertThat(x.getGradient().toFloatArray()).as("d(3x)/dx at step " + i).containsOnly(3f);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClusteringMethod.class)
    void everyMethodTrainsTheSameModelWhileTheHeapChurns(ClusteringMethod method) throws InterruptedException {
        TrainingSettings settings = TrainingSettings.builder(3)
                .widths("8,3")
                .pretrain(new PretrainConfig(3, 16, 1e-2f, 0.1f, 1L))
                .kmeansRestarts(2)
                .method(method)
                .clusterEpochs(4)
                .updateInterval(2)
                .expertSteps(8)
                .build();
        ModelBundle quiet = new ModelTrainer(settings).train(BLOBS.rows, 1, TrainingListener.NONE);

        AtomicBoolean churning = new AtomicBoolean(true);
        Thread churn = new Thread(() -> {
            while (churning.get()) {
                collectAndReuseFreedMemory();
            }
        }, "heap-churn");
        churn.setDaemon(true);
        churn.start();
        List<ModelBundle> busy = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                busy.add(new ModelTrainer(settings).train(BLOBS.rows, 1, TrainingListener.NONE));
            }
        } finally {
            churning.set(false);
            churn.join();
        }

        for (ModelBundle model : busy) {
            assertThat(model.encoderParameters()).isEqualTo(quiet.encoderParameters());
            assertThat(model.decoderParameters()).isEqualTo(quiet.decoderParameters());
            assertThat(model.centroids()).isDeepEqualTo(quiet.centroids());
        }
    }

    /** Runs a full collection, so freed direct buffers return to the allocator, then fills small blocks with junk. */
    private static void collectAndReuseFreedMemory() {
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            garbage.add(new byte[1 << 14]);
        }
        garbage.clear();
        System.gc();
        for (int i = 0; i < 64; i++) {
            ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder()).putFloat(0, 1e30f);
        }
    }
}
