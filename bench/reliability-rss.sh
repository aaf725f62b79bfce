#!/usr/bin/env bash
# Resident memory of 'kluster run' while 200,000 records stream through it (bench/results/reliability.md).
#   bench/reliability-rss.sh model      # a fixed model given with --model: steady-state assignment
#   bench/reliability-rss.sh coldstart  # no model: records pile up while the first one trains
# Needs the jar (mvn -B package -DskipTests) and curl. Samples VmRSS from /proc/PID/status every 2 s
# into $WORK/rss.tsv (seconds, RSS kB, records assigned, training samples dropped).
# EXTRA="-D key=value ..." adds settings to run, e.g. EXTRA="-D kluster.retrain.every.records=0 -D kluster.retrain.on.drift=false".
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-model}
JAR=app/target/kluster.jar
WORK=${WORK:-$(mktemp -d /tmp/kluster-rss-XXXX)}
mkdir -p "$WORK"
PORT=${PORT:-19092}
METRICS=${METRICS:-19404}
PASSES=${PASSES:-80}                     # 80 passes of the bundled 2,500-image sample: 200,000 records
RECORDS=$((PASSES * 2500))
CHILD_JVM=(-Xmx512m -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "work dir $WORK, mode $MODE, $RECORDS records" >&2
java -Xmx1g -jar "$JAR" broker --port "$PORT" --dir "$WORK/kafka" > "$WORK/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "ready at" "$WORK/broker.log" 2>/dev/null && break; sleep 1; done

RUN_ARGS=(run --bootstrap-servers "127.0.0.1:$PORT" --state-dir "$WORK/state" --metrics-port "$METRICS" ${EXTRA:-}
          --metrics-host 127.0.0.1 -D kluster.input.format=binary)
if [ "$MODE" = model ]; then
  # The README's DEC-size encoder (784-500-500-2000-10), briefly trained: the point is memory, not quality.
  java "${CHILD_JVM[@]}" -jar "$JAR" train --data /usr/share/datasets/fashion-mnist --limit 5000 --k 10 \
      --method ae-kmeans --epochs 2 --out "$WORK/model" > "$WORK/train.log" 2>&1
  RUN_ARGS+=(--model "$WORK/model")
else
  RUN_ARGS+=(--dimension 784 --k 10 -D kluster.cold.start.records=10000 -D kluster.pretrain.epochs=3
             -D kluster.cluster.epochs=2)
fi
java "${CHILD_JVM[@]}" -jar "$JAR" "${RUN_ARGS[@]}" > "$WORK/run.log" 2>&1 &
RUN_PID=$!
pids+=($RUN_PID)

metric() { curl -s "http://127.0.0.1:$METRICS/metrics" | awk -v m="$1" '$1 ~ "^"m {s += $2} END {printf "%d", s}'; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$RUN_PID/status"; }
for _ in $(seq 1 120); do curl -s "http://127.0.0.1:$METRICS/health" > /dev/null && break; sleep 1; done
sleep 5
start=$(date +%s)
printf "seconds\trss_kb\tassigned\tsamples_dropped\n" > "$WORK/rss.tsv"
printf "0\t%s\t0\t0\n" "$(rss)" >> "$WORK/rss.tsv"

java -Xmx512m -jar "$JAR" feed --bootstrap-servers "127.0.0.1:$PORT" --format binary --rate 0 --passes "$PASSES" \
    > "$WORK/feed.log" 2>&1 &
pids+=($!)
while :; do
  sleep 2
  kill -0 "$RUN_PID" 2>/dev/null || { echo "run exited; see $WORK/run.log" >&2; exit 1; }
  assigned=$(metric kluster_records_assigned_total)
  printf "%d\t%s\t%s\t%s\n" "$(( $(date +%s) - start ))" "$(rss)" "$assigned" \
      "$(metric kluster_training_samples_dropped_total)" >> "$WORK/rss.tsv"
  [ "$assigned" -ge "$RECORDS" ] && break
  [ $(( $(date +%s) - start )) -gt 1800 ] && { echo "timed out" >&2; exit 1; }
done
sleep 10
printf "%d\t%s\t%s\t%s\n" "$(( $(date +%s) - start ))" "$(rss)" "$(metric kluster_records_assigned_total)" \
    "$(metric kluster_training_samples_dropped_total)" >> "$WORK/rss.tsv"
cat "$WORK/rss.tsv"
