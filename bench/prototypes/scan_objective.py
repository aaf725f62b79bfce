#!/usr/bin/env python3
"""SCAN's neighbour-consistency objective on autoencoder codes of Fashion-MNIST, outside Kluster.

A measurement for issue 17 (bench/results/quality.md, stop 33), not part of Kluster. It pre-trains the default
autoencoder's shape (784-500-500-2000-10, Adam 1e-3, batches of 256, 10 % masking noise) on all 70,000 images,
finds each code's nearest neighbours exactly, then trains the encoder and an assignment head to minimise
-log <p(x), p(neighbour)> plus a weight times the negative entropy of the batch's mean assignment. It prints
ACC / NMI of k-means on the codes and of the head after every epoch, and with --umap the UMAP-and-mixture step
on the codes before and after. Needs Debian's python3-torch and python3-sklearn (python3-umap-learn for --umap):

    /usr/bin/python3 bench/prototypes/scan_objective.py --draw 1 --epochs 8
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score

DATA = '/usr/share/datasets/fashion-mnist/'


def accuracy(labels, predicted):
    """Best one-to-one matching of clusters to classes (Hungarian), as Kluster's ACC."""
    k = max(labels.max(), predicted.max()) + 1
    counts = np.zeros((k, k))
    np.add.at(counts, (predicted, labels), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(labels)


def scores(labels, predicted):
    return 'ACC %.3f NMI %.3f' % (accuracy(labels, predicted), normalized_mutual_info_score(labels, predicted))


def idx(path, offset):
    return np.frombuffer(gzip.open(path).read(), np.uint8, offset=offset)


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def pretrain(images, epochs, seed, cache):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    encoder, decoder = mlp([784, 500, 500, 2000, 10]), mlp([10, 2000, 500, 500, 784])
    if cache and os.path.exists(cache):
        state = torch.load(cache)
        encoder.load_state_dict(state['encoder'])
        decoder.load_state_dict(state['decoder'])
        return encoder, decoder
    optimiser = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), 1e-3)
    start = time.time()
    for epoch in range(epochs):
        order = torch.from_numpy(rng.permutation(len(images)))
        for s in range(0, len(images), 256):
            batch = images[order[s:s + 256]]
            noisy = batch * (torch.rand_like(batch) >= 0.1)
            loss = ((decoder(encoder(noisy)) - batch) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        print(f'autoencoder epoch {epoch + 1}/{epochs} loss {loss.item():.5f} {time.time() - start:.0f}s', flush=True)
    if cache:
        torch.save({'encoder': encoder.state_dict(), 'decoder': decoder.state_dict()}, cache)
    return encoder, decoder


def encode(encoder, images):
    with torch.no_grad():
        return torch.cat([encoder(images[s:s + 5000]) for s in range(0, len(images), 5000)])


def neighbours(codes, count):
    """Exact nearest neighbours by cosine similarity of the standardised codes, in blocks of rows."""
    unit = F.normalize((codes - codes.mean(0)) / codes.std(0), dim=1)
    found = torch.empty(len(unit), count, dtype=torch.long)
    for s in range(0, len(unit), 4096):
        similarity = unit[s:s + 4096] @ unit.T
        rows = torch.arange(similarity.shape[0])
        similarity[rows, rows + s] = -2  # not its own neighbour
        found[s:s + 4096] = similarity.topk(count, dim=1).indices
    return found


def umap_mixture(codes, labels, draws, k):
    import umap
    from sklearn.mixture import GaussianMixture
    for draw in draws:
        rows = np.random.default_rng(draw).choice(len(codes), 20000, replace=False)
        layout = umap.UMAP(n_components=10, n_neighbors=20, min_dist=0.0, random_state=draw).fit_transform(codes[rows])
        parts = GaussianMixture(k, covariance_type='full', n_init=3, random_state=draw).fit(layout).predict(layout)
        print(f'  UMAP + mixture, 20,000-row draw {draw}: {scores(labels[rows], parts)}', flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--ae-epochs', type=int, default=25)
    parser.add_argument('--seed', type=int, default=42, help='the autoencoder\'s seed')
    parser.add_argument('--draw', type=int, default=1, help='seed of the head\'s start and of the neighbours drawn')
    parser.add_argument('--epochs', type=int, default=8, help='epochs of the SCAN objective')
    parser.add_argument('--entropy-weight', type=float, default=5.0)
    parser.add_argument('--neighbours', type=int, default=20)
    parser.add_argument('--head', choices=['linear', 'student-t'], default='linear')
    parser.add_argument('--fixed-encoder', action='store_true', help='train the head only')
    parser.add_argument('--umap', action='store_true', help='UMAP and a mixture on the codes before and after')
    parser.add_argument('--cache', default='', help='file to keep the pre-trained autoencoder in between runs')
    args = parser.parse_args()
    torch.set_num_threads(2)
    k = 10
    images = np.concatenate([idx(DATA + 'train-images-idx3-ubyte.gz', 16), idx(DATA + 't10k-images-idx3-ubyte.gz', 16)])
    images = torch.from_numpy(images.reshape(-1, 784).astype(np.float32) / 255)
    labels = np.concatenate([idx(DATA + 'train-labels-idx1-ubyte.gz', 8), idx(DATA + 't10k-labels-idx1-ubyte.gz', 8)])

    encoder, _ = pretrain(images, args.ae_epochs, args.seed, args.cache)
    codes = encode(encoder, images)
    kmeans = KMeans(k, n_init=5, random_state=args.seed).fit(codes.numpy())
    print('k-means on the codes:', scores(labels, kmeans.labels_), flush=True)
    if args.umap:
        umap_mixture(codes.numpy(), labels, [1, 2], k)
    start = time.time()
    near = neighbours(codes, args.neighbours)
    purity = (labels[near.numpy()] == labels[:, None]).mean()
    print(f'{args.neighbours} nearest neighbours in {time.time() - start:.0f}s, {purity:.3f} of them in the same class', flush=True)

    torch.manual_seed(args.draw)
    rng = np.random.default_rng(args.draw)
    mean, spread = codes.mean(0), codes.std(0)
    if args.head == 'linear':
        linear = nn.Linear(10, k)
        head_parameters = list(linear.parameters())

        def assign(z):
            return F.softmax(linear((z - mean) / spread), 1)
    else:
        centroids = nn.Parameter(torch.tensor(kmeans.cluster_centers_, dtype=torch.float32))
        head_parameters = [centroids]

        def assign(z):
            q = 1 / (1 + ((z[:, None, :] - centroids[None]) ** 2).sum(2))
            return q / q.sum(1, keepdim=True)
    groups = [{'params': head_parameters, 'lr': 1e-3}]
    if not args.fixed_encoder:
        groups.append({'params': encoder.parameters(), 'lr': 1e-4})
    optimiser = torch.optim.Adam(groups)
    start = time.time()
    for epoch in range(args.epochs):
        order = torch.from_numpy(rng.permutation(len(images)))
        for s in range(0, len(images), 256):
            rows = order[s:s + 256]
            partners = near[rows, torch.randint(0, args.neighbours, (len(rows),))]
            if args.fixed_encoder:
                p, q = assign(codes[rows]), assign(codes[partners])
            else:
                p, q = assign(encoder(images[rows])), assign(encoder(images[partners]))
            consistency = -torch.log((p * q).sum(1).clamp_min(1e-8)).mean()
            mean_assignment = p.mean(0)
            negative_entropy = (mean_assignment * torch.log(mean_assignment.clamp_min(1e-8))).sum()
            loss = consistency + args.entropy_weight * negative_entropy
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        current = codes if args.fixed_encoder else encode(encoder, images)
        with torch.no_grad():
            parts = assign(current).argmax(1).numpy()
        sizes = np.bincount(parts, minlength=k)
        print(f'SCAN epoch {epoch + 1}/{args.epochs}: {scores(labels, parts)}, cluster sizes {sizes.min()}..{sizes.max()}, '
              f'{time.time() - start:.0f}s', flush=True)
    if args.umap and not args.fixed_encoder:
        umap_mixture(encode(encoder, images).numpy(), labels, [1, 2], k)


if __name__ == '__main__':
    main()
