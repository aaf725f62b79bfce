#!/usr/bin/env bash
# Which partitions does a model's embedding support? Runs k-means++ once per seed, one restart
# each, on the model's embeddings of a dataset (as its clustering sees them), and prints one
# Markdown row per seed, sorted by inertia. Restarts whose inertias lie within a fraction of a
# percent of each other but whose ACC differs show that the k-means objective cannot choose
# between those partitions; a better embedding, not more restarts, is what separates them.
#
#   bench/kmeans-optima.sh MODEL_DIR [DATA] [K] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."

model=${1:?usage: bench/kmeans-optima.sh MODEL_DIR [DATA] [K] [SEEDS]}
data=${2:-/usr/share/datasets/fashion-mnist}
k=${3:-10}
seeds=${4:-20}
jar=app/target/kluster.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests

echo "k-means++, one restart per seed, on the embeddings of $model ($data, k = $k)"
echo
echo "| seed | inertia | ACC | NMI | largest cluster |"
echo "|---|---|---|---|---|"
for seed in $(seq 1 "$seeds"); do
  java -jar "$jar" kmeans --data "$data" --model "$model" --k "$k" --restarts 1 --seed "$seed" --json | tail -n 1 \
    | jq -r --arg seed "$seed" '[$seed, .inertia, (.acc // "nan"), (.nmi // "nan"), (.cluster_sizes | max)] | @tsv'
done | sort -t$'\t' -k2,2g \
  | awk -F'\t' '{ printf "| %s | %.1f | %.3f | %.3f | %d |\n", $1, $2, $3, $4, $5 }'
