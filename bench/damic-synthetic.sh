#!/usr/bin/env bash
# The DAMIC paper's synthetic set (5 elongated latent clusters pushed through x = sigmoid(W v)^2 into
# 100 dimensions): every method with the defaults against k-means++ (10 restarts) on the raw features,
# for seeds 1 to 9 of the generator (SEEDS="..." for others), and DAMIC's gate against the stream's Student's t
# (gate_agreement). The autoencoder is pre-trained once per seed, in the ae-kmeans run, and every
# other method starts its clustering phase from it (train --pretrained). Writes the table at the top
# of bench/results/damic-synthetic.md, above the file's notes. Needs jq and python3 with numpy;
# about 30 minutes on two cores.
#
#   bench/damic-synthetic.sh [extra train flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

jar=app/target/kluster.jar
out=bench/results/damic-synthetic.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$jar" ] || mvn -B -q package -DskipTests

methods=(ae-kmeans dec idec dcn deepcluster damic n2d)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# The DAMIC synthetic set"
  echo
  echo "2,000 points (5 × 400) in 100 dimensions per seed, defaults throughout (training seed 42), $(nproc) cores,"
  echo "$(date -u +%Y-%m-%d). NMI, and for DAMIC the share of records whose nearest centroid is their gate's"
  echo "cluster. Every method but ae-kmeans starts from the ae-kmeans run's autoencoder (\`--pretrained\`)."
  echo "Command: \`bench/damic-synthetic.sh $*\` at commit \`$commit\`."
  echo
  echo "| data seed | k-means, raw | $(IFS='|'; echo "${methods[*]}" | sed 's/|/ | /g') | damic gate agreement |"
  echo "|---|---|$(printf -- '---|%.0s' "${methods[@]}")---|"
} > "$work/table.md"
for seed in ${SEEDS:-1 2 3 4 5 6 7 8 9}; do
  csv="$work/synthetic-$seed.csv"
  python3 bench/generalization/make_damic_synthetic.py "$csv" "$seed" 400
  echo "== seed $seed" >&2
  raw=$(java -jar "$jar" kmeans --data "$csv" --k 5 --json | tail -n 1)
  cells=()
  agreement=""
  for method in "${methods[@]}"; do
    if [ "$method" = ae-kmeans ]; then
      from=(--out "$work/ae-$seed")
    else
      from=(--pretrained "$work/ae-$seed")
    fi
    result=$(java -jar "$jar" train --data "$csv" --k 5 --method "$method" "${from[@]}" --json "$@" | tail -n 1)
    cells+=("$(jq -r '.nmi*1000|round/1000' <<<"$result")")
    if [ "$method" = damic ]; then
      agreement=$(jq -r '(.hyper_parameters.gate_agreement // "n/a")' <<<"$result")
    fi
  done
  echo "| $seed | $(jq -r '.nmi*1000|round/1000' <<<"$raw") | $(IFS='|'; echo "${cells[*]}" | sed 's/|/ | /g') | $agreement |" \
    >> "$work/table.md"
done
# The notes below the first table (each change measured, with its command) stay as they were.
notes=$(awk 'f || /^## /{f=1; print}' "$out" 2>/dev/null || true)
{ cat "$work/table.md"; [ -n "$notes" ] && printf '\n%s\n' "$notes"; } > "$out"
cat "$work/table.md"
