#!/usr/bin/env bash
# Throughput as a user measures it: one `kluster broker` process (every topic LogAppendTime, two
# partitions), a backlog of N records loaded by `kluster feed`, then `kluster run --model M` as its own
# process with retraining off and everything else default (exactly-once, one stream thread per
# core). Reports records/s from the first to the last output append time, the CPU seconds of the
# Kluster process (user + system, JVM start included) per 1,000 records, and, with PROFILE=1, a
# JFR profile of the run by thread and by frame. Needs kcat (apt-get install -y kcat) and
# Fashion-MNIST (dataset-fashion-mnist).
#
#   bench/separate-broker.sh [json|binary] [RECORDS]        # default: json 60000
#   RUN_FLAGS="-D main.consumer.max.partition.fetch.bytes=8388608" bench/separate-broker.sh   # settings to try
#   MODEL=DIR bench/separate-broker.sh     # reuse a model (trained into DIR when it holds none)
set -euo pipefail
cd "$(dirname "$0")/.."

format=${1:-json}
records=${2:-60000}
jar=$PWD/app/target/kluster.jar
data=/usr/share/datasets/fashion-mnist
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v kcat >/dev/null || { echo "needs kcat: apt-get install -y kcat" >&2; exit 2; }

# A model of the default widths (784-500-500-2000-10); a short training suffices to measure speed.
model=${MODEL:-$work/model}
[ -f "$model/bundle.json" ] || java -jar "$jar" train --data "$data" --limit 6000 --k 10 --epochs 2 --cluster-epochs 1 \
  --method idec --out "$model" >/dev/null 2>&1

java -jar "$jar" broker --port "$port" --dir "$work/broker" --broker-config log.message.timestamp.type=LogAppendTime \
  --broker-config num.partitions=2 > "$work/broker.log" 2>&1 &
pids+=($!)
until grep -q "ready" "$work/broker.log"; do sleep 0.5; done
servers=127.0.0.1:$port

java -jar "$jar" feed --bootstrap-servers "$servers" --topic bench-in --data "$data" --limit "$records" --rate 0 \
  --format "$format" \
  > "$work/feed.log" 2>&1
in=$(kcat -b "$servers" -C -t bench-in -o beginning -e -q -f 'x\n' 2>/dev/null | wc -l)

jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=(-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$work/run.jfr,settings=profile)
fi
java "${jfr[@]}" -jar "$jar" run --bootstrap-servers "$servers" --model "$model" --input-topic bench-in \
  --output-topic bench-out --dead-letter-topic bench-dlq --state-dir "$work/state" -D kluster.input.format="$format" \
  -D kluster.retrain.every.records=0 -D kluster.retrain.interval.ms=0 -D kluster.retrain.on.drift=false \
  ${RUN_FLAGS:-} > "$work/run.log" 2>&1 &
run_pid=$!
pids+=($run_pid)
start=$(date +%s)
while true; do
  out=$( (kcat -b "$servers" -C -t bench-out -o beginning -e -q -X isolation.level=read_committed -f 'x\n' 2>/dev/null || true) | wc -l)
  [ "$out" -ge "$in" ] && break
  [ $(( $(date +%s) - start )) -gt 900 ] && { echo "timed out at $out of $in outputs" >&2; exit 1; }
  sleep 2
done
ticks=$(getconf CLK_TCK)
cpu=$(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$run_pid/stat")
kcat -b "$servers" -C -t bench-out -o beginning -e -q -X isolation.level=read_committed -f '%T\n' > "$work/times"
read -r first last < <(sort -n "$work/times" | awk 'NR==1{f=$1} {l=$1} END{print f, l}')
rate=$(awk -v n="$in" -v f="$first" -v l="$last" 'BEGIN{printf "%.0f", n * 1000 / (l - f)}')
per=$(awk -v c="$cpu" -v n="$in" 'BEGIN{printf "%.3f", c * 1000 / n}')
echo "format=$format records=$in records_per_sec=$rate cpu_s=$cpu cpu_s_per_1000=$per"

if [ "${PROFILE:-0}" = 1 ]; then
  kill -TERM "$run_pid"; wait "$run_pid" 2>/dev/null || true
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$work/run.jfr" > "$work/samples.txt"
  python3 bench/jfr-breakdown.py "$work/samples.txt"
fi
