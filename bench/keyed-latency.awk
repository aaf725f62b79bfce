# Pairs each output with its input by key: the k-th input of a key with the k-th output of that key.
# Reads two files of "KEY APPEND_TIME_MS" lines, inputs first, and prints "INPUT_TIME LATENCY_MS" per
# output. Used by separate-broker.sh and latency-by-second.sh.
NR == FNR { n[$1]++; at[$1, n[$1]] = $2; next }
{ m[$1]++; t = at[$1, m[$1]]; print t, $2 - t }
