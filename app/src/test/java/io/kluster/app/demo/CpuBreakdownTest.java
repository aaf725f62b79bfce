package io.kluster.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuBreakdownTest {

    @Test
    void namesEachThreadByItsRole() {
        assertThat(CpuBreakdown.roleOf("bench-binary-1f2e-StreamThread-1")).isEqualTo(CpuBreakdown.STREAM);
        assertThat(CpuBreakdown.roleOf("kafka-producer-network-thread | bench-binary-1f2e-StreamThread-1-producer"))
                .isEqualTo(CpuBreakdown.CLIENTS);
        assertThat(CpuBreakdown.roleOf("bench-binary-1f2e-GlobalStreamThread")).isEqualTo(CpuBreakdown.STREAMS_OTHER);
        assertThat(CpuBreakdown.roleOf("bench-binary-1f2e-StateUpdater-1")).isEqualTo(CpuBreakdown.STREAMS_OTHER);
        assertThat(CpuBreakdown.roleOf("data-plane-kafka-request-handler-3")).isEqualTo(CpuBreakdown.BROKER);
        assertThat(CpuBreakdown.roleOf("data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0")).isEqualTo(CpuBreakdown.BROKER);
        assertThat(CpuBreakdown.roleOf("group-coordinator-event-processor-0")).isEqualTo(CpuBreakdown.BROKER);
        assertThat(CpuBreakdown.roleOf("kluster-bench-feed")).isEqualTo(CpuBreakdown.LOAD);
        assertThat(CpuBreakdown.roleOf("kluster-trainer")).isEqualTo(CpuBreakdown.TRAINER);
        assertThat(CpuBreakdown.roleOf("main")).isEqualTo(CpuBreakdown.OTHER);
    }

    @Test
    void chargesABusyThreadToItsRoleAndTheRestOfTheMachineToIdle() throws Exception {
        CpuBreakdown cpu = CpuBreakdown.start();
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
            }
            assertThat(x).isPositive();
        }, "kluster-bench-feed");
        busy.start();
        while (busy.isAlive()) {
            cpu.sample();
            Thread.sleep(20);
        }

        Map<String, Double> shares = cpu.shares();
        int cores = Runtime.getRuntime().availableProcessors();
        // At most one core's worth; at least a quarter of one, which it gets even while other work shares the box.
        assertThat(shares.get(CpuBreakdown.LOAD)).as("one thread spinning on one of %d cores", cores)
                .isGreaterThan(0.25 / cores).isLessThanOrEqualTo(1.0 / cores + 0.05);
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).isCloseTo(1.0, within(0.05));
    }
}
