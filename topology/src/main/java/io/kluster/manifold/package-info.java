/**
 * The neighbourhood step of training: a partition of a model's embeddings found on their
 * nearest-neighbour graph (UMAP's layout of it, then a Gaussian mixture), which separates groups
 * that k-means on the embeddings merges because they touch along a manifold rather than lie apart.
 *
 * <p>Pure math on float and double arrays, no I/O; it depends on {@code io.kluster.cluster} and on
 * the UMAP and mixture libraries, and nothing depends on it but {@code io.kluster.model}.
 */
package io.kluster.manifold;
