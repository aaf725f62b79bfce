package io.kluster.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.data.ClusterAssignment;
import io.kluster.data.DeadLetterHeaders;
import io.kluster.data.InputFormat;
import io.kluster.data.RejectReason;
import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldSpec;
import io.kluster.fields.FieldValues;
import io.kluster.fields.FieldsSettings;
import io.kluster.model.EncoderChoice;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on named-field events ({@code kluster.input.format=fields}): the first model's
 * schema is fitted on the cold-start events, every event is encoded by the schema of the model
 * that assigns it, and bad events go to the dead-letter topic while the stream goes on.
 */
class NamedFieldEventsTopologyTest {

    private static final TrainingSettings NO_ENCODER = TrainingSettings.builder(3).encoder(EncoderChoice.AUTO)
            .kmeansRestarts(5).seed(5L).build();
    private static final String[] COUNTRIES = {"DE", "FR", "JP"};

    @TempDir
    Path stateDir;
    private TopologyHarness harness;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Three groups that differ in amount (scales apart), country, a flag and their notes. */
    private static String event(int i, SplittableRandom random) {
        int group = i % 3;
        double amount = Math.round(Math.exp(2 + 2.5 * group + random.nextDouble(-0.3, 0.3)) * 100) / 100.0;
        String note = random.nextInt(4) == 0 ? "null" : "\"" + List.of("coupon sale", "invoice po", "gift wrap").get(group)
                + " " + random.nextInt(100) + "\"";
        return "{\"id\": \"e" + i + "\", \"amount\": " + amount + ", \"country\": \"" + COUNTRIES[group]
                + "\", \"vip\": " + (group == 2) + ", \"note\": " + note + ", \"label\": \"g" + group + "\"}";
    }

    private void start(FieldsSettings fields, int coldStart) {
        TopologySettings settings = TopologySettings.builder(0).inputFormat(InputFormat.FIELDS).fields(fields)
                .coldStartRecords(coldStart).batchSize(32).batchLinger(Duration.ofMillis(20)).build();
        harness = new TopologyHarness(settings, TopologyHarness.online(0.5, 10_000, 0),
                new BackgroundModelTrainer(NO_ENCODER, RetrainSettings.of(2, 2, 1.0)), stateDir);
        deadLetters = harness.driver.createOutputTopic(settings.deadLetterTopic(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private void send(String key, String json) {
        harness.input.pipeInput(key == null ? null : key.getBytes(UTF_8), json.getBytes(UTF_8));
    }

    private List<TestRecord<String, ClusterAssignment>> awaitAssignments(int count) throws InterruptedException {
        List<TestRecord<String, ClusterAssignment>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            harness.driver.advanceWallClockTime(Duration.ofMillis(200));
            out.addAll(harness.output.readRecordsToList());
            Thread.sleep(10);
        }
        return out;
    }

    /** A model of the events' schema, trained as the topology's trainer would. */
    private static ModelBundle trainedModel() {
        SplittableRandom random = new SplittableRandom(9);
        List<FieldValues> events = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("amount", Math.exp(2 + 2.5 * (i % 3) + random.nextDouble(-0.3, 0.3)));
            values.put("country", COUNTRIES[i % 3]);
            events.add(new FieldValues(values));
        }
        FieldSchema schema = FieldSchema.fit(events, FieldsSettings.DEFAULTS);
        return new ModelTrainer(NO_ENCODER).train(schema.encodeAll(events), 1, TrainingListener.NONE).withSchema(schema);
    }

    @Test
    void eventsWaitForTheFirstModelWhoseSchemaIsFittedOnThemThenEveryOneIsAssignedOnceByItsGroup()
            throws InterruptedException {
        start(FieldsSettings.DEFAULTS, 60);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 90; i++) {
            send("e" + i, event(i, random));
        }

        List<TestRecord<String, ClusterAssignment>> out = awaitAssignments(90);

        assertThat(out).hasSize(90);
        assertThat(out).extracting(TestRecord::key).doesNotHaveDuplicates();
        ModelBundle model = harness.publishedBundles().get(0);
        assertThat(model.schema()).as("the first model ships the schema fitted on the cold-start events").isNotNull();
        assertThat(model.schema().names()).containsExactly("amount", "country", "vip", "note");
        assertThat(model.encoder().identity()).as("auto: no encoder for a few narrow records").isTrue();
        int[] truth = new int[90];
        int[] predicted = new int[90];
        Map<String, Integer> cluster = new HashMap<>();
        out.forEach(r -> cluster.put(r.key(), r.value().cluster()));
        for (int i = 0; i < 90; i++) {
            truth[i] = i % 3;
            predicted[i] = cluster.get("e" + i);
        }
        assertThat(ClusteringMetrics.accuracy(truth, predicted)).isEqualTo(1.0);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anEventWithNoneOfTheModelsFieldsIsDeadLetteredWithItsBytesAndTheStreamGoesOn() {
        start(FieldsSettings.DEFAULTS, 1_000);
        harness.publish(trainedModel());
        String stranger = "{\"id\": \"s\", \"colour\": \"red\"}";

        send("s", stranger);
        send("n", "{\"id\": \"n\", \"amount\": 9000.0, \"country\": \"never seen\", \"extra\": [1, 2]}");
        send("m", "{\"id\": \"m\", \"country\": \"DE\"}");
        harness.driver.advanceWallClockTime(Duration.ofMillis(50));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.value(), UTF_8)).isEqualTo(stranger);
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), UTF_8))
                .isEqualTo(RejectReason.NO_USABLE_FEATURE.code());
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(harness.output.readRecordsToList()).as("a new category, a missing field, an unknown field: assigned")
                .extracting(TestRecord::key).containsExactly("n", "m");
    }

    @Test
    void aDeclaredFieldOfTheWrongTypeAndAValueThatIsNoObjectAreDeadLetteredForThatReason() {
        start(new FieldsSettings(FieldSpec.parseList("amount:numeric,country"), "id", "label", Set.of()), 1_000);
        harness.publish(trainedModel());

        send("w", "{\"id\": \"w\", \"amount\": \"a lot\", \"country\": \"DE\"}");
        send("a", "[1, 2, 3]");
        send("ok", "{\"id\": \"ok\", \"amount\": \"12.5\", \"country\": \"DE\"}");
        harness.driver.advanceWallClockTime(Duration.ofMillis(50));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> new String(
                r.headers().lastHeader(DeadLetterHeaders.REASON).value(), UTF_8))
                .containsExactly(RejectReason.WRONG_FIELD_TYPE.code(), RejectReason.NOT_AN_OBJECT.code());
        assertThat(harness.output.readRecordsToList()).extracting(TestRecord::key).containsExactly("ok");
    }

    @Test
    void aModelOfFeatureVectorsIsNotTakenForEventsAndAnEventModelNotForVectors() {
        start(FieldsSettings.DEFAULTS, 1_000);
        harness.publish(TopologyHarness.trainModel(TopologyHarness.DIMENSION));
        assertThat(harness.registry.current()).isNull();
        harness.publish(trainedModel());
        assertThat(harness.registry.current()).isNotNull();

        ModelBundle events = trainedModel();
        assertThat(ModelStoreUpdater.validate(io.kluster.model.ModelBundleCodec.toBytes(events), events.inputDimension()))
                .as("a vector topology of the same width still refuses it").isNull();
    }
}
