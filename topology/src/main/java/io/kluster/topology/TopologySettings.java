package io.kluster.topology;

import io.kluster.fields.FieldsSettings;
import io.kluster.data.InputFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * What the topology reads and writes and how it batches: topic names, input format and
 * dimension, micro-batch size and linger, the Student's t alpha, whether outputs carry the full
 * soft assignment, how many records the first model is trained on, and how many waiting records
 * a task keeps in memory, and how fresh a batch must be for its task to ask for an early commit. Named-field events ({@link InputFormat#FIELDS}) have no input dimension
 * of their own (it is 0): the first model's field schema sets it; {@code fields} says how they are read.
 */
public record TopologySettings(
        String inputTopic,
        String outputTopic,
        String deadLetterTopic,
        String modelTopic,
        String trainingTopic,
        String clusterEventsTopic,
        InputFormat inputFormat,
        int inputDimension,
        int maxValueBytes,
        int batchSize,
        Duration batchLinger,
        boolean emitSoftAssignments,
        int coldStartRecords,
        int waitingMemoryRecords,
        Duration commitLatency,
        FieldsSettings fields) {

    /** Default input topic. */
    public static final String DEFAULT_INPUT_TOPIC = "kluster-input";
    /** Default output topic. */
    public static final String DEFAULT_OUTPUT_TOPIC = "kluster-assignments";
    /** Default dead-letter topic. */
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "kluster-dead-letter";
    /** Default model topic (compacted). */
    public static final String DEFAULT_MODEL_TOPIC = "kluster-models";
    /** Default topic of cluster events: created, split, merged, retired. */
    public static final String DEFAULT_CLUSTER_EVENTS_TOPIC = "kluster-cluster-events";
    /** Default training topic (one partition). */
    public static final String DEFAULT_TRAINING_TOPIC = "kluster-training";
    /** Default micro-batch size: large enough for libtorch to amortise a call, small for latency. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /**
     * Default time a partial micro-batch waits before it is flushed anyway: short against the
     * 100 ms commit latency that read_committed consumers wait for anyway.
     */
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(20);
    /** Default number of records the first model is trained on. */
    public static final int DEFAULT_COLD_START_RECORDS = 2_000;
    /** Default number of waiting records a task keeps in memory; 10,000 784-feature records take about 33 MB. */
    public static final int DEFAULT_WAITING_MEMORY_RECORDS = 10_000;
    /**
     * Default freshness under which a task asks for an early commit after a batch (see
     * {@link CommitCadence}): outputs of a caught-up stream are visible about this soon.
     */
    public static final Duration DEFAULT_COMMIT_LATENCY = Duration.ofMillis(100);
    /** Default cap on an input value's size. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

    /** Validates the settings. */
    public TopologySettings {
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(modelTopic, "modelTopic");
        Objects.requireNonNull(trainingTopic, "trainingTopic");
        Objects.requireNonNull(clusterEventsTopic, "clusterEventsTopic");
        Objects.requireNonNull(inputFormat, "inputFormat");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(commitLatency, "commitLatency");
        if (inputFormat == InputFormat.FIELDS ? inputDimension != 0 : inputDimension < 1) {
            throw new IllegalArgumentException(inputFormat == InputFormat.FIELDS
                    ? "named-field events take their width from the model's schema; the input dimension must be 0"
                    : "input dimension must be positive, got " + inputDimension);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (batchLinger.isNegative() || batchLinger.isZero()) {
            throw new IllegalArgumentException("batch linger must be positive, got " + batchLinger);
        }
        if (coldStartRecords < 1) {
            throw new IllegalArgumentException("cold-start records must be >= 1, got " + coldStartRecords);
        }
        if (waitingMemoryRecords < 1) {
            throw new IllegalArgumentException("waiting records in memory must be >= 1, got " + waitingMemoryRecords);
        }
        if (commitLatency.isNegative()) {
            throw new IllegalArgumentException("commit latency must be >= 0, got " + commitLatency);
        }
        if (maxValueBytes < 16) {
            throw new IllegalArgumentException("max value bytes must be >= 16, got " + maxValueBytes);
        }
    }

    /**
     * How many waiting records a task keeps in memory, and sends the trainer as samples before the
     * first model: the configured number, but never less than a batch or the cold start, which
     * must fit for the first batch to fill and the first model to train.
     */
    public int waitingCap() {
        return Math.max(waitingMemoryRecords, Math.max(batchSize, coldStartRecords));
    }

    /** Whether the input is named-field events, encoded by the model's schema. */
    public boolean namedFields() {
        return inputFormat == InputFormat.FIELDS;
    }

    /** Settings with defaults for everything but the input dimension (0 for named-field events). */
    public static Builder builder(int inputDimension) {
        return new Builder(inputDimension);
    }

    /** Builder for {@link TopologySettings}. */
    public static final class Builder {
        private final int inputDimension;
        private String inputTopic = DEFAULT_INPUT_TOPIC;
        private String outputTopic = DEFAULT_OUTPUT_TOPIC;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private String modelTopic = DEFAULT_MODEL_TOPIC;
        private String trainingTopic = DEFAULT_TRAINING_TOPIC;
        private String clusterEventsTopic = DEFAULT_CLUSTER_EVENTS_TOPIC;
        private InputFormat inputFormat = InputFormat.JSON;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchLinger = DEFAULT_BATCH_LINGER;
        private boolean emitSoftAssignments = false;
        private int coldStartRecords = DEFAULT_COLD_START_RECORDS;
        private int waitingMemoryRecords = DEFAULT_WAITING_MEMORY_RECORDS;
        private Duration commitLatency = DEFAULT_COMMIT_LATENCY;
        private FieldsSettings fields = FieldsSettings.DEFAULTS;

        private Builder(int inputDimension) {
            this.inputDimension = inputDimension;
        }

        /** Input topic. */
        public Builder inputTopic(String value) {
            this.inputTopic = value;
            return this;
        }

        /** Output topic. */
        public Builder outputTopic(String value) {
            this.outputTopic = value;
            return this;
        }

        /** Dead-letter topic. */
        public Builder deadLetterTopic(String value) {
            this.deadLetterTopic = value;
            return this;
        }

        /** Model topic. */
        public Builder modelTopic(String value) {
            this.modelTopic = value;
            return this;
        }

        /** Topic of cluster events. */
        public Builder clusterEventsTopic(String value) {
            this.clusterEventsTopic = value;
            return this;
        }

        /** Training topic. */
        public Builder trainingTopic(String value) {
            this.trainingTopic = value;
            return this;
        }

        /** Format of input values. */
        public Builder inputFormat(InputFormat value) {
            this.inputFormat = value;
            return this;
        }

        /** Largest accepted input value in bytes. */
        public Builder maxValueBytes(int value) {
            this.maxValueBytes = value;
            return this;
        }

        /** Records per encoder call. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Longest wait of a partial batch. */
        public Builder batchLinger(Duration value) {
            this.batchLinger = value;
            return this;
        }

        /** Whether outputs carry the full soft assignment q. */
        public Builder emitSoftAssignments(boolean value) {
            this.emitSoftAssignments = value;
            return this;
        }

        /** Records the first model is trained on. */
        public Builder coldStartRecords(int value) {
            this.coldStartRecords = value;
            return this;
        }

        /** Waiting records a task keeps in memory; the rest wait on disk only. */
        public Builder waitingMemoryRecords(int value) {
            this.waitingMemoryRecords = value;
            return this;
        }

        /** Freshness under which a task asks for an early commit; zero leaves commits to commit.interval.ms. */
        public Builder commitLatency(Duration value) {
            this.commitLatency = value;
            return this;
        }

        /** How named-field events are read. */
        public Builder fields(FieldsSettings value) {
            this.fields = value;
            return this;
        }

        /** The settings. */
        public TopologySettings build() {
            return new TopologySettings(inputTopic, outputTopic, deadLetterTopic, modelTopic, trainingTopic,
                    clusterEventsTopic, inputFormat,
                    inputDimension, maxValueBytes, batchSize, batchLinger, emitSoftAssignments, coldStartRecords,
                    waitingMemoryRecords, commitLatency, fields);
        }
    }
}
