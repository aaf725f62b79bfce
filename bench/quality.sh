#!/usr/bin/env bash
# Quality benchmark: trains every clustering method on all of Fashion-MNIST (70,000 images, k = 10)
# and writes bench/results/quality.md (method x ACC, NMI, ARI, training seconds), beside k-means
# on the raw pixels. The autoencoder is pre-trained once (the ae-kmeans run); every other method
# starts its clustering phase from that same autoencoder (train --pretrained), which is fairer
# and about five times faster than pre-training per method. Run it on an otherwise idle machine:
# libtorch uses every core, and a busy box slows it down many times over.
#
#   bench/quality.sh [DATA] [extra train flags...]
#
# Extra flags go to every train command; set pre-training with -D kluster.pretrain.epochs=N and
# the like (--epochs and --widths are refused beside --pretrained).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-/usr/share/datasets/fashion-mnist}
shift || true
jar=app/target/kluster.jar
out=bench/results/quality.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each method's JSON line is also kept here, so that an interrupted run loses nothing it finished.
saved=bench/results/quality-runs
mkdir -p "$saved"

[ -f "$jar" ] || mvn -B -q package -DskipTests
[ -e "$data" ] || { echo "quality.sh: no dataset at $data (apt-get install -y dataset-fashion-mnist)" >&2; exit 2; }

methods=(dec idec dcn deepcluster damic n2d)
java -jar "$jar" kmeans --data "$data" --k 10 --json | tail -n 1 > "$work/kmeans-raw.json"
echo "== ae-kmeans (pre-trains the shared autoencoder)" >&2
java -jar "$jar" train --data "$data" --k 10 --method ae-kmeans --seed 42 --json --out "$work/ae" "$@" \
  | tail -n 1 > "$work/ae-kmeans.json"
cp "$work/kmeans-raw.json" "$work/ae-kmeans.json" "$saved/"
# DAMIC trains k + 1 networks per batch, about ten times an epoch of the others: 5 joint epochs
# (after its 5 label epochs) keep it to about a quarter of an hour here.
damic_epochs=5
for method in "${methods[@]}"; do
  echo "== $method" >&2
  extra=()
  [ "$method" = damic ] && extra=(--cluster-epochs "$damic_epochs")
  java -jar "$jar" train --data "$data" --k 10 --method "$method" --seed 42 --pretrained "$work/ae" --json \
    "${extra[@]}" "$@" | tail -n 1 > "$work/$method.json"
  cp "$work/$method.json" "$saved/"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
pretrain=$(jq -r .seconds "$work/ae-kmeans.json")
{
  echo "# Clustering quality on Fashion-MNIST"
  echo
  echo "All $(jq -r .n "$work/kmeans-raw.json") images, k = 10, seed 42, one run each, on $(nproc) cores ($(date -u +%Y-%m-%d))."
  echo "ACC uses the Hungarian mapping; NMI is scikit-learn's default (arithmetic) normalisation."
  echo "ae-kmeans pre-trains the autoencoder (${pretrain} s, k-means included); every deep method below it"
  echo "starts from that autoencoder, so its total is its own seconds plus those."
  echo
  echo "Command: \`bench/quality.sh $data $*\` at commit \`$commit\`."
  echo
  echo "| method | ACC | NMI | ARI | own seconds | total seconds |"
  echo "|---|---|---|---|---|---|"
  jq -r '"| k-means on raw pixels | \(.acc*1000|round/1000) | \(.nmi*1000|round/1000) | \(.ari*1000|round/1000) | \(.seconds) | \(.seconds) |"' "$work/kmeans-raw.json"
  jq -r '"| ae-kmeans | \(.acc*1000|round/1000) | \(.nmi*1000|round/1000) | \(.ari*1000|round/1000) | \(.seconds) | \(.seconds) |"' "$work/ae-kmeans.json"
  for name in "${methods[@]}"; do
    label=$name
    [ "$name" = damic ] && label="damic ($damic_epochs joint epochs)"
    jq -r --arg name "$label" --argjson pre "$pretrain" \
      '"| \($name) | \(.acc*1000|round/1000) | \(.nmi*1000|round/1000) | \(.ari*1000|round/1000) | \(.seconds) | \((.seconds + $pre)*10|round/10) |"' \
      "$work/$name.json"
  done
} > "$out"
cat "$out"
