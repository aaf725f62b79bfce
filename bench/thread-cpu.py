#!/usr/bin/env python3
"""Per-thread CPU of a JFR recording, grouped by role: where the cores went during a bench run.

Usage: jfr print --json --events jdk.ThreadCPULoad,jdk.ExecutionSample,jdk.NativeMethodSample REC.jfr | bench/thread-cpu.py
"""
import json
import re
import sys
from collections import defaultdict

GROUPS = [
    ("stream thread (parse, encoder via libtorch, assign, produce)", r"StreamThread"),
    ("Kafka broker (request handlers, network, log, raft)",
     r"data-plane|kafka-request|kafka-network|controller|broker|raft|kafka-log|LogDirFailure|ReplicaFetcher|"
     r"group-coordinator|transaction|kafka-scheduler|ExpirationReaper|quorum|metadata|share-coordinator|"
     r"kafka-io|KafkaScheduler|executor-|log-cleaner|TxnMarker|kafka-"),
    ("clients' I/O threads (producers, consumers, admin)", r"producer-network|kafka-producer|consumer|admin-client|"
     r"heartbeat|AppInfo"),
    ("load generator and output reader (bench)", r"bench-feed|bench-reader|demo-feed|demo-reader"),
    ("model trainer", r"trainer"),
    ("JVM (GC, JIT, VM)", r"GC|G1|C1|C2|Compiler|VM Thread|VM Periodic|Sweeper|Service Thread|Finalizer|"
     r"Reference Handler|Common-Cleaner|Signal|JFR"),
]


def group_of(name):
    for label, pattern in GROUPS:
        if re.search(pattern, name):
            return label
    return "other"


def main():
    events = json.load(sys.stdin)["recording"]["events"]
    cpu = defaultdict(float)
    samples = defaultdict(int)
    names = defaultdict(set)
    for e in events:
        v = e["values"]
        if e["type"] == "jdk.ThreadCPULoad":
            thread = (v.get("eventThread") or {}).get("javaName") or "?"
            cpu[group_of(thread)] += float(v["user"]) + float(v["system"])
            names[group_of(thread)].add(re.sub(r"\d+", "N", thread))
        elif e["type"] in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
            thread = (v.get("sampledThread") or {}).get("javaName") or "?"
            samples[group_of(thread)] += 1
    total_cpu = sum(cpu.values()) or 1.0
    total_samples = sum(samples.values()) or 1
    print("| thread group | share of sampled CPU load | share of stack samples |")
    print("|---|---|---|")
    for label in sorted(set(cpu) | set(samples), key=lambda g: -cpu.get(g, 0)):
        print(f"| {label} | {100 * cpu.get(label, 0) / total_cpu:.0f}% | {100 * samples.get(label, 0) / total_samples:.0f}% |")
    if "-v" in sys.argv:
        for label, members in names.items():
            print(label, sorted(members)[:30], file=sys.stderr)


if __name__ == "__main__":
    main()
