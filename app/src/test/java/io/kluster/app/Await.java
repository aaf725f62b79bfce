package io.kluster.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that a running instance makes true, polling every 100 ms. */
final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
