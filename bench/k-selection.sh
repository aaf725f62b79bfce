#!/usr/bin/env bash
# Choosing k (kluster.k=auto): on data with a known number of groups, the k the stability criterion
# chooses against the true one, and the NMI with the chosen k against the NMI with the true k, same
# method, same seed, same pre-trained autoencoder. Data: the generalisation sets
# (bench/generalization/make_datasets.py), the DAMIC synthetic set for data seeds 1-7 (6 and 7 were
# never looked at while the criterion was chosen), and Fashion-MNIST (all 70,000 images; pre-training
# takes about half an hour here; skip it with KSEL_SKIP_FASHION=1, or reuse a model pre-trained with
# `train --k 10 --method ae-kmeans --seed 42 --out DIR` with KSEL_FASHION_MODEL=DIR). Deep sets are pre-trained once
# (ae-kmeans) and both runs start from it (train --pretrained), so the two NMIs differ only by k.
# Writes the table at the top of bench/results/k-selection.md, above the file's notes. Needs jq and
# python3 with numpy and scikit-learn.
#
#   bench/k-selection.sh [extra train flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

jar=app/target/kluster.jar
out=bench/results/k-selection.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$jar" ] || mvn -B -q package -DskipTests
fashion=/usr/share/datasets/fashion-mnist

python3 bench/generalization/make_datasets.py "$work"
for seed in 1 2 3 4 5 6 7; do
  python3 bench/generalization/make_damic_synthetic.py "$work/synthetic-$seed.csv" "$seed" 400
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# Choosing k"
  echo
  echo "kluster.k=auto in kluster.k.min..kluster.k.max = 2..30 against the true k, defaults otherwise (seed 42),"
  echo "$(nproc) cores, $(date -u +%Y-%m-%d). NMI with the chosen k and with the true k, same method and seed;"
  echo "deep sets start both runs from one pre-trained autoencoder. Command: \`bench/k-selection.sh $*\` at"
  echo "commit \`$commit\`."
  echo
  echo "| dataset | records | true k | chosen k | NMI, chosen k | NMI, true k | stability at chosen / true k | seconds choosing |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$work/table.md"

# One dataset: name, data path, true k, then train flags.
row() {
  local name=$1 data=$2 k=$3
  shift 3
  local auto fixed
  auto=$(java -jar "$jar" train --data "$data" --k auto --json "$@" 2>"$work/$name.log" | tail -n 1)
  fixed=$(java -jar "$jar" train --data "$data" --k "$k" --json "$@" 2>/dev/null | tail -n 1)
  local chosen seconds
  chosen=$(jq -r '.k' <<<"$auto")
  # The progress bar's last "choose k" line gives the time the criterion took.
  seconds=$(tr '\r' '\n' <"$work/$name.log" | grep 'choose k' | tail -n 1 | sed -n 's/.*(\([0-9:]*\) \/.*/\1/p')
  echo "| $name | $(jq -r '.n' <<<"$auto") | $k | $chosen | \
$(jq -r '.nmi*1000|round/1000' <<<"$auto") | $(jq -r '.nmi*1000|round/1000' <<<"$fixed") | \
$(jq -r --arg c "$chosen" --arg t "$k" '"\(.k_selection.curve[$c]) / \(.k_selection.curve[$t] // "–")"' <<<"$auto") | \
${seconds:-?} |" >> "$work/table.md"
}

for spec in digits:10 iris:3 wine:3 breast-cancer:2 blobs:8 shells:6; do
  row "${spec%:*}" "$work/${spec%:*}.csv" "${spec#*:}" "$@"
done
for seed in 1 2 3 4 5 6 7; do
  java -jar "$jar" train --data "$work/synthetic-$seed.csv" --k 5 --method ae-kmeans --out "$work/ae-$seed" "$@" \
    >/dev/null 2>&1
  row "synthetic-$seed" "$work/synthetic-$seed.csv" 5 --pretrained "$work/ae-$seed" "$@"
done
if [ -z "${KSEL_SKIP_FASHION:-}" ] && [ -e "$fashion" ]; then
  pretrained=${KSEL_FASHION_MODEL:-$work/ae-fashion}
  [ -f "$pretrained/bundle.json" ] || java -jar "$jar" train --data "$fashion" --k 10 --method ae-kmeans --seed 42 \
    --out "$pretrained" "$@" >/dev/null 2>&1
  row fashion-mnist "$fashion" 10 --pretrained "$pretrained" --method ae-kmeans --seed 42 "$@"
fi
# The notes below the first table (each change measured, with its command) stay as they were.
notes=$(awk 'f || /^## /{f=1; print}' "$out" 2>/dev/null || true)
{ cat "$work/table.md"; [ -n "$notes" ] && printf '\n%s\n' "$notes"; } > "$out"
cat "$work/table.md"
