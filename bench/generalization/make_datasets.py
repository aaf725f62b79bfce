"""Writes the generalisation benchmark's datasets as CSV (features, then a 'label' column).

Four small real datasets that ship inside scikit-learn (no download) and two synthetic ones: Gaussian
blobs of unequal spread, and "shells", blobs that share three directions from the origin and differ
only in their distance from it, the case a spherical embedding is expected to lose.
"""
import sys

import numpy as np
from sklearn import datasets


def save(folder, name, features, labels):
    features = np.asarray(features, dtype=float)
    header = ",".join([f"f{i}" for i in range(features.shape[1])] + ["label"])
    with open(f"{folder}/{name}.csv", "w") as out:
        out.write(header + "\n")
        for row, label in zip(features, labels):
            out.write(",".join(f"{v:.6g}" for v in row) + f",{label}\n")


def main(folder):
    for name, loader in [("digits", datasets.load_digits), ("iris", datasets.load_iris),
                         ("wine", datasets.load_wine), ("breast-cancer", datasets.load_breast_cancer)]:
        data = loader()
        save(folder, name, data.data, data.target)
    features, labels = datasets.make_blobs(6000, n_features=30, centers=8, cluster_std=[1, 2, 3, 4, 1, 2, 3, 4],
                                           random_state=7)
    save(folder, "blobs", features, labels)
    rng = np.random.default_rng(3)
    directions = rng.normal(size=(3, 20))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    features = np.vstack([directions[c % 3] * (4 if c < 3 else 12) + rng.normal(size=(1000, 20)) for c in range(6)])
    save(folder, "shells", features, np.repeat(np.arange(6), 1000))


if __name__ == "__main__":
    main(sys.argv[1])
