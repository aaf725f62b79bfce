#!/usr/bin/env bash
# Throughput as a user measures it: one `kluster broker` process (every topic LogAppendTime, two
# partitions), a backlog of N records loaded by `kluster feed`, then `kluster run --model M` as its own
# process with retraining off and everything else default (exactly-once, one stream thread per
# core). Reports records/s from the first to the last output append time, the CPU seconds of the
# Kluster process (user + system, JVM start included) per 1,000 records and the broker's, the same
# over the output window (from the first output on) and over the steady state (from the first third
# of the outputs on), then the latency of 20 s of
# records fed at half that rate (p50, p99, worst) after a warm-up at that rate, and, with PROFILE=1, a JFR
# profile of the run by thread and by frame (PROFILE=async: async-profiler's, which sees the JIT
# compiler threads too). Needs kcat (apt-get install -y kcat) and
# Fashion-MNIST (dataset-fashion-mnist).
#
#   bench/separate-broker.sh [json|binary|fields] [RECORDS]   # default: json 60000; fields: named-field orders
#   RUN_FLAGS="-D main.consumer.max.partition.fetch.bytes=8388608" bench/separate-broker.sh   # settings to try
#   MODEL=DIR bench/separate-broker.sh     # reuse a model (trained into DIR when it holds none)
#   CONSUMER=hand bench/separate-broker.sh json   # the hand-written loop instead (bench/hand-loop.py:
#                                         # apt-get install -y python3-torch python3-confluent-kafka)
#   PASSES=3 bench/separate-broker.sh      # the data three times over (new ids each pass): a longer steady state
#   LATENCY=0 bench/separate-broker.sh     # skip the latency phase at half load that follows the backlog
#   HALF_RATE=R bench/separate-broker.sh   # the latency phase at R records/s instead of half the rate measured
#   WARMUP_S=S bench/separate-broker.sh    # seconds of live feed before the latency phase (default 10)
#   KEEP=DIR bench/separate-broker.sh      # keep the logs of the broker, the feed and the run in DIR
#   JAVA_OPTS="-agentpath:..." bench/separate-broker.sh   # JVM options of the run process (a profiler agent, say)
#   RUN_JAVA=/usr/lib/jvm/JDK/bin/java bench/separate-broker.sh   # another Java for the run process only
set -euo pipefail
cd "$(dirname "$0")/.."

# The profiler of PROFILE=async; not a dependency of Kluster's, so not pinned in the pom.
ASYNC_PROFILER_VERSION=4.1
format=${1:-json}
records=${2:-60000}
jar=$PWD/app/target/kluster.jar
data=/usr/share/datasets/fashion-mnist
work=$(mktemp -d)
keep=${KEEP:-}
port=$((20000 + RANDOM % 20000))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$keep" ]; then mkdir -p "$keep"; cp "$work"/*.log "$work"/times "$work"/in-keys "$work"/out-keys "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v kcat >/dev/null || { echo "needs kcat: apt-get install -y kcat" >&2; exit 2; }

# A model of the default widths (784-500-500-2000-10); a short training suffices to measure speed.
# Named-field events are synthetic shop orders (examples/make_orders.py), as many as asked for,
# and their model (the default widths after the schema's encoding) trains on the first 6,000.
model=${MODEL:-$work/model}
train_flags=(--k 10)
if [ "$format" = fields ]; then
  data=$work/orders.jsonl
  python3 examples/make_orders.py "$data" --n "$records" --seed 1
  train_flags=(--k 4 -D kluster.input.format=fields)
fi
[ -f "$model/bundle.json" ] || java -jar "$jar" train --data "$data" --limit 6000 "${train_flags[@]}" --epochs 2 \
  --cluster-epochs 1 --method idec --out "$model" >/dev/null 2>&1

java ${BROKER_JAVA_OPTS:-} -jar "$jar" broker --port "$port" --dir "$work/broker" --broker-config log.message.timestamp.type=LogAppendTime \
  --broker-config num.partitions=2 > "$work/broker.log" 2>&1 &
broker_pid=$!
pids+=($broker_pid)
until grep -q "ready" "$work/broker.log"; do sleep 0.5; done
servers=127.0.0.1:$port

java -jar "$jar" feed --bootstrap-servers "$servers" --topic bench-in --data "$data" --limit "$records" --rate 0 \
  --format "$format" --passes "${PASSES:-1}" \
  > "$work/feed.log" 2>&1
in=$(kcat -b "$servers" -C -t bench-in -o beginning -e -q -f 'x\n' 2>/dev/null | wc -l)

jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=(-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$work/run.jfr,settings=profile)
elif [ "${PROFILE:-0}" = async ]; then
  # async-profiler from Maven Central: CPU time of every Java thread, the compiler threads included.
  mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION -DoutputDirectory="$work/ap"
  (cd "$work/ap" && unzip -q -o "async-profiler-$ASYNC_PROFILER_VERSION.jar" 'linux-x64/*')
  jfr=(-agentpath:$work/ap/linux-x64/libasyncProfiler.so=start,event=ctimer,interval=2ms,threads,collapsed,file=$work/run.collapsed)
fi
ticks=$(getconf CLK_TCK)
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU seconds by thread of a process, native threads included (a profiler agent sees Java's only).
# A thread may end between the listing and the reading: it is left out.
threads_of() {
  local t name
  for t in /proc/$1/task/*; do
    name=$(tr ' ' '_' < "$t/comm" 2>/dev/null) || continue
    awk -v t="$ticks" -v name="$name" -v id="${t##*/}" '{printf "%s %s %.2f\n", id, name, ($14 + $15) / t}' \
      "$t/stat" 2>/dev/null || true
  done
}
if [ "${CONSUMER:-kluster}" = hand ]; then
  # It runs until the script stops it, like Kluster, so that its CPU can be read once the last output is in.
  /usr/bin/python3 bench/hand-loop.py --bootstrap-servers "$servers" --input-topic bench-in --output-topic bench-out \
    > "$work/run.log" 2>&1 &
else
  ${RUN_JAVA:-java} "${jfr[@]}" ${JAVA_OPTS:-} -jar "$jar" run --bootstrap-servers "$servers" --model "$model" --input-topic bench-in \
    --output-topic bench-out --dead-letter-topic bench-dlq --state-dir "$work/state" -D kluster.input.format="$format" \
    -D kluster.retrain.every.records=0 -D kluster.retrain.interval.ms=0 -D kluster.retrain.on.drift=false \
    ${RUN_FLAGS:-} > "$work/run.log" 2>&1 &
fi
run_pid=$!
pids+=($run_pid)
broker_cpu_before=$(cpu_of "$broker_pid")
start=$(date +%s)
# One reader follows the output as it is committed, from when the run has created it, and writes
# each record's append time.
until kcat -b "$servers" -L -t bench-out 2>/dev/null | grep -q "partition 0"; do
  [ $(( $(date +%s) - start )) -gt 300 ] && { echo "bench-out never appeared" >&2; exit 1; }
  sleep 0.5
done
# Created here, not by the reader's redirection: the loop below may read it before the reader has started.
: > "$work/times"
kcat -u -b "$servers" -C -t bench-out -o beginning -q -X isolation.level=read_committed -f '%T\n' \
  >> "$work/times" 2>/dev/null &
pids+=($!)
# The steady state: from the first third of the outputs on, when both JVMs have done most of their
# compiling, to the end.
steady_at=$((in / 3))
steady_cpu=""
# The output window: from the first output seen (within one poll of it) to the last.
window_cpu=""
while true; do
  out=$(wc -l < "$work/times")
  if [ -z "$window_cpu" ] && [ "$out" -ge 1 ]; then
    window_cpu=$(cpu_of "$run_pid"); window_broker_cpu=$(cpu_of "$broker_pid"); window_out=$out
  fi
  if [ -z "$steady_cpu" ] && [ "$out" -ge "$steady_at" ]; then
    steady_cpu=$(cpu_of "$run_pid"); steady_broker_cpu=$(cpu_of "$broker_pid"); steady_out=$out
    threads_of "$run_pid" > "$work/threads-steady"
  fi
  [ "$out" -ge "$in" ] && break
  [ $(( $(date +%s) - start )) -gt 900 ] && { echo "timed out at $out of $in outputs" >&2; exit 1; }
  sleep 0.5
done
end_cpu=$(cpu_of "$run_pid")
end_broker_cpu=$(cpu_of "$broker_pid")
cpu=$(awk -v t="$ticks" -v c="$end_cpu" 'BEGIN{printf "%.1f", c / t}')
broker_cpu=$(awk -v t="$ticks" -v b="$broker_cpu_before" -v c="$end_broker_cpu" 'BEGIN{printf "%.1f", (c - b) / t}')
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  # Where the steady state's CPU went, by thread: total, and since the first third of the outputs.
  threads_of "$run_pid" | awk 'NR == FNR {before[$1] = $3; next} {printf "%.2f %.2f %s\n", $3 - before[$1], $3, $2}' \
    "$work/threads-steady" - | sort -rn > "$keep/threads.txt"
  find "$work/broker" -type d -name "*-[0-9]*" -exec du -s --block-size=1K {} + > "$keep/topics.txt" 2>/dev/null || true
fi
read -r first last < <(sort -n "$work/times" | awk 'NR==1{f=$1} {l=$1} END{print f, l}')
rate=$(awk -v n="$in" -v f="$first" -v l="$last" 'BEGIN{printf "%.0f", n * 1000 / (l - f)}')
per=$(awk -v c="$cpu" -v n="$in" 'BEGIN{printf "%.3f", c * 1000 / n}')
# Steady-state rate from the append times of the outputs after the first third.
steady_first=$(sort -n "$work/times" | sed -n "${steady_out}p")
steady_rate=$(awk -v n="$((in - steady_out))" -v f="$steady_first" -v l="$last" 'BEGIN{printf "%.0f", n * 1000 / (l - f)}')
# CPU seconds per 1,000 records between two readings of a process's CPU ticks ($1, $2) over $3 records.
cpu_per_1000() { awk -v t="$ticks" -v a="$1" -v b="$2" -v n="$3" 'BEGIN{printf "%.3f", (b - a) / t * 1000 / n}'; }
steady_per=$(cpu_per_1000 "$steady_cpu" "$end_cpu" $((in - steady_out)))
steady_broker_per=$(cpu_per_1000 "$steady_broker_cpu" "$end_broker_cpu" $((in - steady_out)))
# Over the output window, of the consumer and of the broker: what the rate itself pays for (the
# consumer's start and anything it does before its first output are left out).
window_per=$(cpu_per_1000 "$window_cpu" "$end_cpu" $((in - window_out)))
window_broker_per=$(cpu_per_1000 "$window_broker_cpu" "$end_broker_cpu" $((in - window_out)))
echo "consumer=${CONSUMER:-kluster} format=$format records=$in records_per_sec=$rate cpu_s=$cpu cpu_s_per_1000=$per broker_cpu_s=$broker_cpu" \
  "window_cpu_s_per_1000=$window_per window_broker_cpu_s_per_1000=$window_broker_per" \
  "steady_records_per_sec=$steady_rate steady_cpu_s_per_1000=$steady_per steady_broker_cpu_s_per_1000=$steady_broker_per"

# Latency at half load: records fed at half the rate just measured, each output's append time less
# its input's (the k-th input of a key pairs with the k-th output of that key). First a warm-up
# phase of WARMUP_S seconds (default 10), then a pause, then the measured phase of 20 s. The first
# live seconds after a backlog are slow (Kluster's and the broker's JIT meet commits every 100 ms
# and batches of a few records for the first time): a second phase after an idle pause is not, so
# the warm-up is reported on its own. Each phase's feed is a fresh JVM on the same two cores; it
# encodes its records before it sends and runs on C1, to take as little CPU as it can. KEEP=DIR
# keeps in-keys and out-keys, where each second of both phases can be read.
if [ "${CONSUMER:-kluster}" = kluster ] && [ "${LATENCY:-1}" = 1 ]; then
  half=${HALF_RATE:-$((rate / 2))}
  # Feeds $1 seconds at the half rate, waits for every output, and sets first_in to the append time of
  # the phase's first input (the feed's JVM start and data loading come before it).
  feed_phase() {
    local phase_start before sent waited
    phase_start=$(date +%s%3N)
    before=$(wc -l < "$work/times")
    java -XX:TieredStopAtLevel=1 -jar "$jar" feed --bootstrap-servers "$servers" --topic bench-in --data "$data" \
      --limit $((half * $1)) --rate "$half" --format "$format" > "$work/feed-half.log" 2>&1
    # The data may hold fewer records than the phase asks for (named-field orders are made N at a time).
    sent=$(grep -o 'sent [0-9,]*' "$work/feed-half.log" | tr -dc '0-9')
    waited=$(date +%s)
    until [ "$(wc -l < "$work/times")" -ge $((before + sent)) ]; do
      [ $(( $(date +%s) - waited )) -gt 120 ] && { echo "half load: outputs never caught up" >&2; exit 1; }
      sleep 0.5
    done
    kcat -b "$servers" -C -t bench-in -o beginning -e -q -f '%k %T\n' > "$work/in-keys"
    kcat -b "$servers" -C -t bench-out -o beginning -e -q -X isolation.level=read_committed -f '%k %T\n' \
      > "$work/out-keys"
    first_in=$(awk -v after="$phase_start" '$2 >= after && (min == "" || $2 < min) {min = $2} END {print min}' \
      "$work/in-keys")
  }
  # p50, p99 and worst latency of the inputs appended from $1 to before $2 (epoch ms).
  latencies_between() {
    awk -f bench/keyed-latency.awk "$work/in-keys" "$work/out-keys" |
      awk -v from="$1" -v to="$2" '$1 >= from && $1 < to {print $2}' | sort -n |
      awk '{v[NR] = $1} END {printf "%d %d %d\n", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR]}'
  }
  [ -n "$keep" ] && { threads_of "$run_pid" > "$work/run-threads-0"; threads_of "$broker_pid" > "$work/broker-threads-0"; }
  feed_phase "${WARMUP_S:-10}"
  warmup_from=$first_in
  if [ -n "$keep" ]; then
    # Where the warm-up's CPU went, by thread of each process: is it the JIT, and whose?
    for proc in run broker; do
      pid=$run_pid; [ "$proc" = broker ] && pid=$broker_pid
      threads_of "$pid" | awk 'NR == FNR {before[$1] = $3; next} {printf "%.2f %s\n", $3 - before[$1], $2}' \
        "$work/$proc-threads-0" - | sort -rn | awk 'NR <= 12' > "$keep/warmup-$proc-threads.txt"
    done
  fi
  sleep 5
  feed_phase 20
  read -r _ warmup_p99 _ < <(latencies_between "$warmup_from" "$first_in")
  read -r p50 p99 worst < <(latencies_between "$first_in" 99999999999999)
  echo "half_load_records_per_sec=$half p50_latency_ms=$p50 p99_latency_ms=$p99 max_latency_ms=$worst" \
    "warmup_p99_latency_ms=$warmup_p99"
fi

if [ "${PROFILE:-0}" = async ]; then
  kill -TERM "$run_pid"; wait "$run_pid" 2>/dev/null || true
  [ -n "$keep" ] && cp "$work/run.collapsed" "$keep/"
  python3 bench/collapsed-breakdown.py "$work/run.collapsed"
fi
if [ "${PROFILE:-0}" = 1 ]; then
  kill -TERM "$run_pid"; wait "$run_pid" 2>/dev/null || true
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$work/run.jfr" > "$work/samples.txt"
  python3 bench/jfr-breakdown.py "$work/samples.txt"
fi
