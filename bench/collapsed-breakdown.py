#!/usr/bin/env python3
"""Where a process's CPU went, from an async-profiler profile in collapsed form with threads.

Prints each thread group's share of all samples (thread ids and numbers folded, so the stream
threads add up), then the frames with the largest inclusive share within the thread groups whose
name contains FILTER (default: StreamThread).

    collapsed-breakdown.py PROFILE.collapsed [FILTER] [FRAMES]
"""
import collections
import re
import sys


def main():
    path = sys.argv[1]
    wanted = sys.argv[2] if len(sys.argv) > 2 else "StreamThread"
    shown = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    threads = collections.Counter()
    frames = collections.Counter()
    total = 0
    with open(path) as profile:
        for line in profile:
            stack, count = line.rsplit(" ", 1)
            count = int(count)
            parts = stack.split(";")
            thread = re.sub(r"-[0-9a-f]+", "-N", re.sub(r" tid=\d+\]", "]", parts[0]))
            threads[thread] += count
            total += count
            if wanted in thread:
                for frame in set(parts[1:]):
                    frames[frame] += count
    print(f"{total} samples")
    for thread, count in threads.most_common(15):
        print(f"{100 * count / total:5.1f}%  {thread}")
    print(f"\ninclusive, in threads named *{wanted}*:")
    for frame, count in frames.most_common(shown):
        print(f"{100 * count / total:5.1f}%  {frame[:140]}")


if __name__ == "__main__":
    main()
