package io.kluster.topology;

import io.kluster.model.TrainingSettings;
import java.util.Set;

/**
 * How the trainer retrains the current model while the stream flows.
 *
 * @param reconstructionEpochs epochs the current autoencoder continues reconstruction training
 * @param clusterEpochs most epochs the clustering objective then runs
 * @param cpuShare share of the wall time a retrain computes for, in (0, 1]
 * @param overridden the {@link TrainingSettings#MODEL_SETTINGS} the user set explicitly: for those
 *     the configuration wins over the current model's own value, for the others the model's
 */
public record RetrainSettings(int reconstructionEpochs, int clusterEpochs, double cpuShare, Set<String> overridden) {

    /** Validates the ranges and the names. */
    public RetrainSettings {
        if (reconstructionEpochs < 0 || clusterEpochs < 0) {
            throw new IllegalArgumentException("retrain epochs must be >= 0");
        }
        TrainingPacer.checkShare(cpuShare);
        overridden = Set.copyOf(overridden);
        for (String key : overridden) {
            if (!TrainingSettings.MODEL_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("not a model setting: " + key);
            }
        }
    }

    /** Retrains with the given epochs and share, every model setting the current model's own. */
    public static RetrainSettings of(int reconstructionEpochs, int clusterEpochs, double cpuShare) {
        return new RetrainSettings(reconstructionEpochs, clusterEpochs, cpuShare, Set.of());
    }
}
