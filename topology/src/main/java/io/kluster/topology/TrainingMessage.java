package io.kluster.topology;

import java.util.Arrays;
import java.util.Objects;

/**
 * What assignment tasks send the trainer over the training topic: sampled records for its buffer,
 * and, for every assigned batch, the batch's embeddings and centroid choices for the online
 * centroid updates.
 */
public sealed interface TrainingMessage permits TrainingMessage.Sample, TrainingMessage.BatchStatistics {

    /** A record for the trainer's buffer. */
    record Sample(PendingRecord record) implements TrainingMessage {
    }

    /**
     * One assigned batch as the trainer needs it: under which model it was assigned, each record's
     * centroid index and embedding (row-major), and each record's confidence.
     *
     * @param baseVersion the full bundle whose encoder made the embeddings
     * @param modelVersion the model version that assigned the batch
     * @param centroids the centroid index (not the public id) each record went to
     * @param embeddings the records' embeddings, row-major
     * @param confidences each record's largest soft assignment
     */
    record BatchStatistics(long baseVersion, long modelVersion, int[] centroids, float[] embeddings, float[] confidences)
            implements TrainingMessage {

        /** Validates that the parts describe the same records. */
        public BatchStatistics {
            if (centroids.length == 0 || centroids.length != confidences.length || embeddings.length % centroids.length != 0) {
                throw new IllegalArgumentException("batch statistics parts differ in length");
            }
        }

        /** The number of records. */
        public int size() {
            return centroids.length;
        }

        /** The embedding dimension. */
        public int dimension() {
            return embeddings.length / centroids.length;
        }

        /** The mean confidence of the batch. */
        public double meanConfidence() {
            double sum = 0;
            for (float c : confidences) {
                sum += c;
            }
            return sum / confidences.length;
        }

        /** Equal when every field is, arrays by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof BatchStatistics other && baseVersion == other.baseVersion
                    && modelVersion == other.modelVersion && Arrays.equals(centroids, other.centroids)
                    && Arrays.equals(embeddings, other.embeddings) && Arrays.equals(confidences, other.confidences);
        }

        @Override
        public int hashCode() {
            return Objects.hash(baseVersion, modelVersion, Arrays.hashCode(centroids), Arrays.hashCode(embeddings),
                    Arrays.hashCode(confidences));
        }

        @Override
        public String toString() {
            return "BatchStatistics[base v" + baseVersion + ", model v" + modelVersion + ", " + size() + " records of "
                    + dimension() + " dimensions]";
        }
    }
}
