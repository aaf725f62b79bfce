#!/usr/bin/env bash
# Named-field events with the defaults: does Kluster, taking every default, cluster at least as well as
# k-means++ (10 restarts, seed 42) on the same encoded features? Reads iris, wine, breast-cancer and
# shells (bench/generalization/make_datasets.py, as CSV events), a mixed-type order stream
# (examples/make_orders.py: numbers on very different scales, three categorical fields, two flags,
# missing values, a text note), and, when Debian's r-cran-palmerpenguins is installed, the Palmer
# penguins as they come (penguins.csv, and penguins_raw.csv with its own field names, "NA" cells and
# free-text comments). Beside them, the deep default (kluster.encoder=deep) for reference. Rewrites
# the section between the fields-defaults markers of bench/results/generalization.md. Needs jq and a
# python3 with scikit-learn (PYTHON=/usr/bin/python3 for Debian's); a few minutes on two cores.
#
#   bench/fields-defaults.sh
set -euo pipefail
cd "$(dirname "$0")/.."

jar=app/target/kluster.jar
out=bench/results/generalization.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$jar" ] || mvn -B -q package -DskipTests
"${PYTHON:-python3}" bench/generalization/make_datasets.py "$work"
python3 examples/make_orders.py "$work/orders.csv" --n 6000 --seed 2
penguins=/usr/lib/R/site-library/palmerpenguins/extdata

cell() {
  jq -r '"\(.acc*1000|round/1000) / \(.nmi*1000|round/1000)"' <<<"$1"
}

# name, file, k, then -D settings naming the label (and anything else the data needs)
run() {
  local name=$1 file=$2 k=$3
  shift 3
  echo "== $name" >&2
  local fields=(-D kluster.input.format=fields "$@")
  local kmeans defaults deep n
  kmeans=$(java -jar "$jar" kmeans --data "$file" --k "$k" --restarts 10 --seed 42 --json "${fields[@]}" | tail -n 1)
  defaults=$(java -jar "$jar" train --data "$file" --k "$k" --json "${fields[@]}" 2>"$work/$name.log" | tail -n 1)
  deep=$(java -jar "$jar" train --data "$file" --k "$k" --json "${fields[@]}" -D kluster.encoder=deep 2>/dev/null | tail -n 1)
  n=$(jq -r .n <<<"$kmeans")
  local width
  width=$(grep -m1 -o 'encoded as [0-9]* features' "$work/$name.log" | grep -o '[0-9]*' || true)
  [ -n "$width" ] || width=$(grep -m1 -o '[0-9]* fields encoded as [0-9]*' "$work/$name.log" | awk '{print $NF}')
  echo "| $name | $n × $width, $k | $(cell "$kmeans") | $(cell "$defaults") | $(jq -r '.hyper_parameters.encoder' <<<"$defaults") | $(cell "$deep") |" >> "$work/table.md"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "<!-- fields-defaults: written by bench/fields-defaults.sh -->"
  echo "## Named-field events with the defaults"
  echo
  echo "Every file read as named-field events (\`-D kluster.input.format=fields\`), every other setting"
  echo "at its default, seed 42, one run each, on $(nproc) cores ($(date -u +%Y-%m-%d)). ACC / NMI; k is the"
  echo "number of classes; width is the encoded features. Command: \`bench/fields-defaults.sh\` at commit \`$commit\`."
  echo
  echo "| dataset | n × width, k | k-means++ on the encoded features | Kluster defaults | encoder the defaults chose | deep encoder (idec) |"
  echo "|---|---|---|---|---|---|"
} > "$work/table.md"
for name in iris wine breast-cancer shells; do
  k=$(tail -n +2 "$work/$name.csv" | awk -F, '{print $NF}' | sort -u | wc -l)
  run "$name" "$work/$name.csv" "$k"
done
run "orders (mixed types)" "$work/orders.csv" 4
if [ -d "$penguins" ]; then
  grep -v ',NA,NA,NA,NA,' "$penguins/penguins.csv" > "$work/penguins.csv"
  run "penguins" "$work/penguins.csv" 3 -D kluster.input.label.field=species
  run "penguins_raw, as it comes" "$penguins/penguins_raw.csv" 3 -D kluster.input.label.field=Species
fi
echo "<!-- /fields-defaults -->" >> "$work/table.md"

python3 - "$out" "$work/table.md" <<'PY'
import re, sys
path, table = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
pattern = re.compile(r"<!-- fields-defaults.*?<!-- /fields-defaults -->\n?", re.S)
text = pattern.sub(lambda m: table, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + table
open(path, "w").write(text)
PY
cat "$work/table.md"
