#!/usr/bin/env bash
# Latency by second, from a `KEEP=DIR bench/separate-broker.sh` run: each output's append time less
# its input's (the k-th input of a key pairs with the k-th output of that key), grouped by the second
# of the input's append time, counted from the run's first input. Prints one line per second from
# FROM_S on (default 0): the inputs that second, mean, worst and how many took over 200 ms.
#
#   bench/latency-by-second.sh DIR [FROM_S]
set -euo pipefail
dir=${1:?usage: bench/latency-by-second.sh DIR [FROM_S]}
from=${2:-0}
awk -f "$(dirname "$0")/keyed-latency.awk" "$dir/in-keys" "$dir/out-keys" | sort -n |
  awk -v from="$from" 'NR == 1 { t0 = $1 }
    { s = int(($1 - t0) / 1000); if (s < from) next
      c[s]++; sum[s] += $2; if ($2 > worst[s]) worst[s] = $2; if ($2 > 200) over[s]++ }
    END { for (s in c) printf "second=%d inputs=%d mean_ms=%.0f max_ms=%d over_200_ms=%d\n", s, c[s], sum[s] / c[s], worst[s], over[s] }' |
  sort -t= -k2 -n
