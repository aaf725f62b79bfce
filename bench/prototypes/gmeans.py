#!/usr/bin/env python3
"""G-means (Hamerly and Elkan, 2003) as a way to choose k, outside Kluster.

A measurement for issue 18 (bench/results/k-selection.md, stop 33), not part of Kluster. Starting from one
cluster, each cluster is split in two along its first principal axis, and the split stands when the points
projected onto the line between the two halves fail an Anderson-Darling test of normality. Reads CSV files
whose last column is the label (bench/generalization/make_datasets.py, make_blob_variants.py; the features
are standardised) or Kluster's big-endian code files (an int count, an int width, then float32 rows). At most
3,000 rows of each, drawn with seed 0. Needs Debian's python3-sklearn:

    /usr/bin/python3 bench/prototypes/gmeans.py DIR/iris.csv DIR/blobs.csv codes.bin
"""
import argparse
import os
import struct

import numpy as np
from scipy.stats import anderson
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

# Anderson-Darling's critical value for normality at alpha = 0.0001, the paper's level.
CRITICAL_VALUE = 1.8692


def load(path):
    if path.endswith('.csv'):
        return StandardScaler().fit_transform(np.loadtxt(path, delimiter=',', skiprows=1)[:, :-1])
    raw = open(path, 'rb').read()
    rows, width = struct.unpack('>ii', raw[:8])
    return np.frombuffer(raw[8:], dtype='>f4').reshape(rows, width).astype(np.float64)


def gaussian(points, halves):
    """Whether the points look normal along the line between the two halves' centres."""
    direction = halves[0] - halves[1]
    projected = points @ direction / (direction @ direction)
    projected = (projected - projected.mean()) / projected.std()
    n = len(points)
    statistic = anderson(projected).statistic * (1 + 4 / n - 25 / n ** 2)
    return statistic <= CRITICAL_VALUE


def gmeans(points, k_max):
    centres = points.mean(0, keepdims=True)
    while len(centres) < k_max:
        fit = KMeans(len(centres), init=centres, n_init=1).fit(points)
        kept = []
        for c, centre in enumerate(fit.cluster_centers_):
            members = points[fit.labels_ == c]
            if len(members) < 8:
                kept.append(centre)
                continue
            _, singular, axes = np.linalg.svd(members - members.mean(0), full_matrices=False)
            offset = axes[0] * singular[0] / np.sqrt(len(members)) * np.sqrt(2 / np.pi)
            split = KMeans(2, init=np.stack([centre + offset, centre - offset]), n_init=1).fit(members)
            if gaussian(members, split.cluster_centers_):
                kept.append(centre)
            else:
                kept.extend(split.cluster_centers_)
        if len(kept) == len(centres):
            return len(centres)
        centres = np.array(kept)
    return len(centres)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('files', nargs='+')
    parser.add_argument('--k-max', type=int, default=30)
    args = parser.parse_args()
    for path in args.files:
        points = load(path)
        if len(points) > 3000:
            points = points[np.random.default_rng(0).choice(len(points), 3000, replace=False)]
        print(f'{os.path.basename(path)}: k = {gmeans(points, args.k_max)}', flush=True)


if __name__ == '__main__':
    main()
