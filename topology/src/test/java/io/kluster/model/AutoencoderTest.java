package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
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

    @Test
    void spreadBiasesLieWithinTheirLayersFanInBoundAndLeaveTheWeightsAsTheSeedGivesThem() {
        EncoderSpec spec = EncoderSpec.of(100, "32,1");
        try (Autoencoder zero = Autoencoder.initialize(spec, 5L);
                Autoencoder spread = Autoencoder.initialize(spec, 5L, Autoencoder.Biases.FAN_IN_UNIFORM)) {
            List<Parameter> zeros = zero.parameters();
            List<Parameter> spreads = spread.parameters();
            long fanIn = 0;
            int biases = 0;
            for (int p = 0; p < zeros.size(); p++) {
                float[] before = zeros.get(p).getArray().toFloatArray();
                float[] after = spreads.get(p).getArray().toFloatArray();
                if (zeros.get(p).getType() == Parameter.Type.WEIGHT) {
                    fanIn = zeros.get(p).getArray().getShape().get(1);
                    assertThat(after).as("weights of parameter %d", p).containsExactly(before);
                    continue;
                }
                biases++;
                double bound = 1 / Math.sqrt(fanIn);
                assertThat(before).as("zero biases").containsOnly(0f);
                for (float b : after) {
                    assertThat((double) Math.abs(b)).as("a bias of a layer of fan-in %d", fanIn).isLessThanOrEqualTo(bound);
                }
                assertThat(after).as("spread biases of parameter %d", p).doesNotHaveDuplicates();
            }
            assertThat(biases).as("a bias per linear layer: 100-32-1-32-100").isEqualTo(4);
        }
    }
}
