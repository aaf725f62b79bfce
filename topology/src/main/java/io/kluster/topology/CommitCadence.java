package io.kluster.topology;

import java.time.Duration;

/**
 * When an assignment task asks Kafka Streams for an early commit. Under exactly-once a downstream
 * reader sees outputs only once their transaction commits, and every commit costs the stream
 * thread and the broker the same whatever it covers. A stream that is caught up wants commits
 * often, for latency; one working through a backlog wants them rare, for throughput. So the
 * commit interval is long ({@code commit.interval.ms}, which Kluster sets to a second), and a task
 * whose latest batch holds live records asks for a commit, at most once per {@code latency}. A
 * record is live while it is at most {@link #BACKLOG_FACTOR} latencies old by its timestamp: one
 * that has waited longer on the broker belongs to a backlog, which an early commit cannot make
 * timely; its outputs wait for the interval, and the commits they save go to assigning. A live
 * stream that falls that far behind switches to the interval, catches up, and switches back.
 * Not thread-safe: one per task.
 */
final class CommitCadence {

    /** How many latencies old a batch's newest record may be for the batch to count as live. */
    static final int BACKLOG_FACTOR = 10;

    private final long latencyMs;
    private long lastRequestMs = Long.MIN_VALUE;

    /** A cadence that keeps outputs of fresh records within about {@code latency}; zero never asks early. */
    CommitCadence(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("commit latency must be >= 0, got " + latency);
        }
        this.latencyMs = latency.toMillis();
    }

    /**
     * Whether to ask for a commit now, after a batch whose newest record has timestamp
     * {@code newestTimestampMs}; a true answer counts as a request.
     */
    boolean afterBatch(long nowMs, long newestTimestampMs) {
        if (latencyMs == 0 || nowMs - newestTimestampMs > BACKLOG_FACTOR * latencyMs
                || (lastRequestMs != Long.MIN_VALUE && nowMs - lastRequestMs < latencyMs)) {
            return false;
        }
        lastRequestMs = nowMs;
        return true;
    }
}
