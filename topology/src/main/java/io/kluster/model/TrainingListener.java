package io.kluster.model;

/** Receives progress from a training run, e.g. to drive a progress bar or a log line. */
@FunctionalInterface
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = (phase, step, steps, loss) -> { };

    /**
     * Called after each step (an epoch, an iteration) of a phase.
     *
     * @param phase a short name such as "pretrain" or "dec"
     * @param step the step just finished, from 1
     * @param steps the planned number of steps in the phase
     * @param loss the phase's mean loss over the step
     */
    void onStep(String phase, int step, int steps, double loss);

    /**
     * Called on the training thread after each mini-batch of any phase: where a background
     * trainer paces itself (see the topology's trainer), since an epoch may take seconds.
     */
    default void onBatch() {
    }
}
