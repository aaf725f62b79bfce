/**
 * Pure clustering math on float and double arrays: DEC's Student's t soft assignment and target
 * distribution, k-means, the Hungarian algorithm, external clustering metrics, and the pieces of
 * online learning: decayed per-cluster statistics, reseeding of starving clusters and stable ids.
 *
 * <p>This package depends on nothing outside the JDK, so it can be tested and reused without a
 * deep learning engine or a Kafka cluster.
 */
package io.kluster.cluster;
