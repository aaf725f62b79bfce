"""Summarises `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample` output: samples by
thread role, and the hottest frames (self time, and inclusive time of Kluster's own methods) of the
stream threads. Native samples (libtorch, I/O) count with the Java frame that called into them."""
import collections
import re
import sys


def role(thread):
    for pattern, name in [("StreamThread", "stream threads"), ("producer-network", "producer I/O"),
                          ("kluster-trainer", "trainer"), ("GlobalStreamThread", "global store"),
                          ("C1 Compiler|C2 Compiler", "JIT"), ("GC Thread|G1", "GC")]:
        if re.search(pattern, thread):
            return name
    return "other"


def main(path):
    text = open(path).read()
    roles, self_frames, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    stream = 0
    for event in re.split(r"jdk\.(?:ExecutionSample|NativeMethodSample)", text)[1:]:
        thread = re.search(r'sampledThread = "([^"]+)"', event)
        name = role(thread.group(1) if thread else "?")
        roles[name] += 1
        if name != "stream threads":
            continue
        stream += 1
        frames = re.findall(r"\n\s+([\w.$<>]+)\([^)]*\)\s+line:", event)
        if frames:
            self_frames[frames[0]] += 1
        for frame in set(f for f in frames if f.startswith("io.kluster")):
            inclusive[frame] += 1
    total = sum(roles.values())
    print(f"samples: {total}")
    for name, n in roles.most_common():
        print(f"  {name:16s} {n / total:6.1%}")
    print("stream threads, self time:")
    for frame, n in self_frames.most_common(15):
        print(f"  {n / stream:6.1%}  {frame}")
    print("stream threads, inclusive time in Kluster's methods:")
    for frame, n in inclusive.most_common(15):
        print(f"  {n / stream:6.1%}  {frame}")


if __name__ == "__main__":
    main(sys.argv[1])
