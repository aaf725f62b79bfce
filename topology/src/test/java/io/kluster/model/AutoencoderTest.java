package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AutoencoderTest {

    @Test
    void theSphericalViewProjectsOntoTheSphereWithAFiniteGradientEvenAtAZeroCode() {
        EncoderSpec spec = EncoderSpec.of(4, "3").withSpherical(true);
        try (Autoencoder ae = Autoencoder.initialize(spec, 1L); NDManager scope = ae.manager().newSubManager()) {
            NDArray code = scope.create(new float[] {0, 0, 0, 1e-20f, 0, 0, 0, 3, 4}, new Shape(3, 3));
            code.setRequiresGradient(true);
            float[] view;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray projected = ae.clusteringView(code);
                view = projected.toFloatArray();
                collector.backward(projected.sum());
            }

            float[] gradient = code.getGradient().toFloatArray();
            for (float g : gradient) {
                assertThat(g).as("no NaN or infinity reaches the optimiser").isFinite();
            }
            double radius = Math.sqrt(3);
            assertThat(view[6]).isZero();
            assertThat(view[7]).isCloseTo((float) (radius * 3 / 5), Offset.offset(1e-5f));
            assertThat(view[8]).isCloseTo((float) (radius * 4 / 5), Offset.offset(1e-5f));
            assertThat(new float[] {view[0], view[1], view[2]}).containsExactly(0, 0, 0);
        }
    }

    @Test
    void aFlatViewIsTheCodeItself() {
        try (Autoencoder ae = Autoencoder.initialize(EncoderSpec.of(4, "3"), 1L);
                NDManager scope = ae.manager().newSubManager()) {
            NDArray code = scope.create(new float[] {0, 3, 4}, new Shape(1, 3));

            assertThat(ae.clusteringView(code).toFloatArray()).containsExactly(0, 3, 4);
        }
    }
}
