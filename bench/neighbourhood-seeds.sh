#!/usr/bin/env bash
# The n2d method (pre-training, then the neighbourhood step) on a dataset for several seeds, as a user runs
# it: `train --method n2d --seed S --json` with nothing else set. Prints one Markdown row per seed (ACC, NMI,
# ARI, the whole run's minutes, the neighbourhood step's seconds and how often the shipped model's
# assignment agrees with the step's partition) and keeps each run's JSON under bench/results/neighbourhood-runs/.
# About 28 minutes per seed on all of Fashion-MNIST on this 2-core machine (17 of them pre-training); run it
# on an idle box.
#
#   bench/neighbourhood-seeds.sh [DATA] [K] [SEED...] [-- extra train flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-/usr/share/datasets/fashion-mnist}
k=${2:-10}
shift 2 || shift $#
seeds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do seeds+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 42)
jar=app/target/kluster.jar
saved=bench/results/neighbourhood-runs
mkdir -p "$saved"
[ -f "$jar" ] || mvn -B -q package -DskipTests

echo "| seed | ACC | NMI | ARI | minutes | step seconds | agreement |"
echo "|---|---|---|---|---|---|---|"
for seed in "${seeds[@]}"; do
  base=$(basename "$data")
  name="$saved/${base//[^A-Za-z0-9._-]/_}-n2d-seed$seed.json"
  java -jar "$jar" train --data "$data" --k "$k" --method n2d --seed "$seed" --json "$@" | tail -n 1 > "$name"
  jq -r --arg seed "$seed" '"| \($seed) | \(.acc*1000|round/1000) | \(.nmi*1000|round/1000) | \(.ari*1000|round/1000) | \(.seconds/60*10|round/10) | \((.hyper_parameters.neighbourhood_seconds // "n/a") | tostring | .[0:5]) | \((.hyper_parameters.neighbourhood_agreement // "n/a") | tostring | .[0:5]) |"' "$name"
done
