package io.kluster.app;

/**
 * System properties DJL and libtorch read once, at first use: never download anything, and use
 * one intra-op thread, since on a small box the broker and clients share the cores and more
 * libtorch threads stall on OpenMP barriers (see docs). An explicit {@code -D} setting wins.
 */
final class NativeDefaults {

    private NativeDefaults() {
    }

    static void apply() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
