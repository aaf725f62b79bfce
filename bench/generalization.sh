#!/usr/bin/env bash
# Generalisation benchmark: do the training defaults, tuned on Fashion-MNIST, hold on other data of
# other dimensions? Trains the default method (idec) and ae-kmeans, each flat and on the sphere
# (kluster.embedding.spherical), and dcn on the sphere, on six datasets beside k-means on the raw
# features, and writes bench/results/generalization.md. Needs jq and a python3 with scikit-learn
# (apt-get install -y python3-sklearn; PYTHON=/usr/bin/python3 picks Debian's where another
# python3 comes first on the PATH); about fifteen minutes on two idle cores.
#
#   bench/generalization.sh [extra train flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

jar=app/target/kluster.jar
out=bench/results/generalization.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$jar" ] || mvn -B -q package -DskipTests
"${PYTHON:-python3}" bench/generalization/make_datasets.py "$work"

row() {
  jq -r '"\(.acc*1000|round/1000) / \(.nmi*1000|round/1000)"' <<<"$1"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# Generalisation of the training defaults"
  echo
  echo "Defaults throughout (seed 42), one run each, on $(nproc) cores ($(date -u +%Y-%m-%d)). ACC / NMI;"
  echo "k is the number of classes. Command: \`bench/generalization.sh $*\` at commit \`$commit\`."
  echo
  echo "| dataset | n × d, k | k-means, raw | ae-kmeans, flat | ae-kmeans, spherical | idec, flat | idec, spherical (default) | dcn, spherical |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$work/table.md"
for name in digits iris wine breast-cancer blobs shells; do
  csv="$work/$name.csv"
  k=$(tail -n +2 "$csv" | awk -F, '{print $NF}' | sort -u | wc -l)
  d=$(head -1 "$csv" | awk -F, '{print NF - 1}')
  echo "== $name" >&2
  raw=$(java -jar "$jar" kmeans --data "$csv" --k "$k" --json | tail -n 1)
  cells=()
  for run in ae-kmeans:false ae-kmeans:true idec:false idec:true dcn:true; do
    result=$(java -jar "$jar" train --data "$csv" --k "$k" --method "${run%:*}" --json \
      -D kluster.embedding.spherical="${run#*:}" "$@" | tail -n 1)
    cells+=("$(row "$result")")
  done
  echo "| $name | $(jq -r .n <<<"$raw") × $d, $k | $(row "$raw") | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} | ${cells[4]} |" \
    >> "$work/table.md"
done
cp "$work/table.md" "$out"
cat "$out"
