"""Writes five generated sets as CSV (features, then a 'label' column), for checks of kluster.k=auto on
data that no setting was chosen on: scikit-learn's Gaussian blobs in shapes the generalisation sets lack.

    make_blob_variants.py FOLDER
"""
import sys

import numpy as np
from sklearn import datasets

from make_datasets import save


def main(folder):
    features, labels = datasets.make_blobs(1500, n_features=5, centers=4, random_state=11)
    save(folder, "blobs-4", features, labels)
    sizes = [50, 100, 200, 300, 400, 500, 600, 700, 150, 250, 350, 450]
    spreads = [0.5, 1, 1.5, 1, 0.7, 1.2, 0.9, 1.1, 0.6, 1.3, 0.8, 1.0]
    features, labels = datasets.make_blobs(sizes, n_features=10, cluster_std=spreads, center_box=(-15, 15),
                                           random_state=12)
    save(folder, "blobs-12-unequal", features, labels)
    # Sheared blobs: elongated groups that k-means, which looks for round ones, cuts across.
    features, labels = datasets.make_blobs(1500, n_features=2, centers=3, random_state=170)
    save(folder, "sheared-3", features @ np.array([[0.6, -0.6], [-0.4, 0.8]]), labels)
    features, labels = datasets.make_blobs(2000, n_features=8, centers=6, cluster_std=2.5, random_state=13)
    save(folder, "wide-6", features, labels)
    features, labels = datasets.make_blobs(1000, n_features=3, centers=2, cluster_std=[1, 3], random_state=14)
    save(folder, "two-unequal", features, labels)


if __name__ == "__main__":
    main(sys.argv[1])
