package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeansResult;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.cluster.TargetDistribution;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deep Embedded Clustering and its improved variant IDEC.
 *
 * <p>DEC fine-tunes the encoder and the centroids (a trainable array) to minimise KL(P‖Q), where
 * Q is the Student's t soft assignment of each embedding and P the sharpened
 * {@link TargetDistribution}, recomputed on all rows every {@code updateInterval} batches and held
 * fixed in between. Training stops once fewer than {@code tolerance} of the hard assignments change
 * between two P updates. The decoder no longer matches the encoder, so DEC returns none and
 * {@link ModelTrainer} fits one to the final encoder for the bundle.
 *
 * <p>IDEC keeps the decoder and trains it too, minimising {@code L_r + gamma * KL(P‖Q)} with L_r the
 * per-feature mean squared reconstruction error (the IDEC paper's form and γ = 0.1), so the
 * embedding keeps the local structure the autoencoder learnt.
 *
 * <p>With {@code balanceWeight > 0}, the clustering loss also carries KL(mean q of the batch ‖ uniform),
 * which discourages degenerate solutions with a few huge clusters.
 */
final class DecObjective implements ClusteringObjective {

    private static final float LOG_FLOOR = 1e-12f;

    private final TrainingSettings settings;
    private final boolean reconstruct;

    private DecObjective(TrainingSettings settings, boolean reconstruct) {
        this.settings = settings;
        this.reconstruct = reconstruct;
    }

    /** DEC: clustering loss only, decoder left out of training. */
    static DecObjective dec(TrainingSettings settings) {
        return new DecObjective(settings, false);
    }

    /** IDEC: reconstruction plus gamma times the clustering loss, decoder kept. */
    static DecObjective idec(TrainingSettings settings) {
        return new DecObjective(settings, true);
    }

    @Override
    public Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener) {
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, settings.pretrain().batchSize(),
                new SplittableRandom(settings.seed()).split(), listener);
        NDArray centroids = Matrices.create(ae.manager(), initial.centroids());
        GradientStep step = new GradientStep(reconstruct ? ae.parameters() : ae.encoderParameters(),
                List.of(centroids), settings.clusterLearningRate());
        Schedule schedule = new Schedule(ae, scaledRows, centroids, loop, listener);
        for (int epoch = 1; epoch <= settings.clusterEpochs() && !schedule.converged; epoch++) {
            loop.epoch(step, schedule);
        }
        schedule.reportInterval();
        return new Result(ae.encoderBytes(), reconstruct ? ae.decoderBytes() : null, Matrices.rows(centroids),
                Map.of("cluster_updates", String.valueOf(schedule.updates),
                        "effective_update_interval", String.valueOf(schedule.interval),
                        "converged", String.valueOf(schedule.converged),
                        "last_changed_fraction", String.valueOf(schedule.lastChangedFraction)));
    }

    private String phase() {
        return reconstruct ? "idec" : "dec";
    }

    /** Student's t soft assignment of a batch of embeddings to the centroids, rows summing to one. */
    static NDArray softAssign(NDArray embeddings, NDArray centroids, double alpha) {
        NDArray squaredDistances = embeddings.expandDims(1).sub(centroids.expandDims(0)).square().sum(new int[] {2});
        NDArray kernel = squaredDistances.div(Scalars.of(squaredDistances, alpha)).add(Scalars.of(squaredDistances, 1))
                .pow(Scalars.of(squaredDistances, -(alpha + 1) / 2));
        return kernel.div(kernel.sum(new int[] {1}, true));
    }

    /** Refreshes P on schedule, checks convergence, and computes each batch's loss against the current P. */
    private final class Schedule implements MiniBatchLoop.Objective {
        private final Autoencoder ae;
        private final float[][] rows;
        private final NDArray centroids;
        private final TrainingListener listener;
        private final int interval;
        private final int plannedUpdates;
        private float[][] target;
        private int[] labels;
        private int batchesSinceUpdate;
        private double lossSinceUpdate;
        private int rowsSinceUpdate;
        private int updates;
        private boolean converged;
        private double lastChangedFraction = Double.NaN;

        Schedule(Autoencoder ae, float[][] rows, NDArray centroids, MiniBatchLoop loop, TrainingListener listener) {
            this.ae = ae;
            this.rows = rows;
            this.centroids = centroids;
            this.listener = listener;
            // A training set smaller than one interval still refreshes P every epoch.
            this.interval = Math.min(settings.updateInterval(), loop.batchesPerEpoch());
            long batches = (long) settings.clusterEpochs() * loop.batchesPerEpoch();
            this.plannedUpdates = (int) ((batches + interval - 1) / interval);
        }

        @Override
        public boolean beforeBatch() {
            if (target != null && batchesSinceUpdate < interval) {
                return true;
            }
            reportInterval();
            float[][] q = new StudentTAssigner(settings.alpha()).softAssignAll(ae.embed(rows, 1024), Matrices.rows(centroids));
            int[] current = Matrices.argmaxRows(q);
            if (labels != null) {
                lastChangedFraction = (double) ClusteringMetrics.changedLabels(labels, current) / current.length;
                if (lastChangedFraction < settings.tolerance()) {
                    converged = true;
                    return false;
                }
            }
            labels = current;
            target = TargetDistribution.of(q);
            updates++;
            batchesSinceUpdate = 0;
            return true;
        }

        @Override
        public NDArray loss(MiniBatchLoop.Batch batch) {
            NDManager scope = batch.scope();
            NDArray z = ae.encode(batch.x(), true);
            NDArray q = softAssign(ae.clusteringView(z), centroids, settings.alpha());
            NDArray p = Matrices.gather(scope, target, batch.indices());
            NDArray floor = Scalars.of(q, LOG_FLOOR);
            NDArray clustering = p.mul(p.add(floor).log().sub(q.add(floor).log())).sum().div(Scalars.of(q, batch.size()));
            if (settings.balanceWeight() > 0) {
                NDArray meanQ = q.mean(new int[] {0});
                NDArray imbalance = meanQ.mul(meanQ.mul(Scalars.of(q, q.getShape().get(1))).add(floor).log()).sum();
                clustering = clustering.add(imbalance.mul(Scalars.of(q, settings.balanceWeight())));
            }
            if (!reconstruct) {
                return clustering;
            }
            NDArray reconstruction = ae.decode(z, true).sub(batch.x()).square().mean();
            return reconstruction.add(clustering.mul(Scalars.of(q, settings.gamma())));
        }

        @Override
        public void afterStep(MiniBatchLoop.Batch batch, double loss) {
            batchesSinceUpdate++;
            lossSinceUpdate += loss * batch.size();
            rowsSinceUpdate += batch.size();
        }

        /** Reports the mean loss trained against the current P, once per P. */
        void reportInterval() {
            if (rowsSinceUpdate > 0) {
                listener.onStep(phase(), updates, Math.max(plannedUpdates, updates), lossSinceUpdate / rowsSinceUpdate);
            }
            lossSinceUpdate = 0;
            rowsSinceUpdate = 0;
        }
    }
}
