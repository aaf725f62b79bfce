package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.data.InputFormat;
import io.kluster.model.EncoderChoice;
import io.kluster.model.TrainingSettings;
import io.kluster.topology.AssignedBatch;
import io.kluster.topology.ClusterActivity;
import io.kluster.topology.RetrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KlusterConfigTest {

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() {
        Properties file = new Properties();
        file.setProperty(KlusterConfig.BATCH_SIZE, "10");
        file.setProperty(KlusterConfig.K, "4");
        file.setProperty(KlusterConfig.ALPHA, "2.0");
        KlusterConfig config = KlusterConfig.resolve(file,
                Map.of("KLUSTER_BATCH_SIZE", "20", "KLUSTER_K", "5"),
                Map.of(KlusterConfig.BATCH_SIZE, 30));

        assertThat(config.getInt(KlusterConfig.BATCH_SIZE)).isEqualTo(30);
        assertThat(config.getString(KlusterConfig.K)).isEqualTo("5");
        assertThat(config.getDouble(KlusterConfig.ALPHA)).isEqualTo(2.0);
    }

    @Test
    void otherKeysGoToKafkaUnchanged() {
        Properties file = new Properties();
        file.setProperty("security.protocol", "SASL_SSL");
        file.setProperty("num.stream.threads", "2");
        file.setProperty(KlusterConfig.K, "4");
        KlusterConfig config = KlusterConfig.resolve(file, Map.of(), Map.of());

        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("num.stream.threads", "2")
                .doesNotContainKey(KlusterConfig.K);
    }

    @Test
    void settingsMapOntoTheTopologyAndTraining() {
        KlusterConfig config = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(
                KlusterConfig.INPUT_FORMAT, "BINARY", KlusterConfig.BATCH_LINGER_MS, 20, KlusterConfig.K, 7,
                KlusterConfig.ENCODER_WIDTHS, "32,4"));

        assertThat(config.topologySettings(12).inputFormat()).isEqualTo(InputFormat.BINARY);
        assertThat(config.topologySettings(12).batchLinger().toMillis()).isEqualTo(20);
        assertThat(config.topologySettings(12).inputDimension()).isEqualTo(12);
        assertThat(config.trainingSettings().k()).isEqualTo(7);
        assertThat(config.trainingSettings().widths()).isEqualTo("32,4");
    }

    @Test
    void clusteringPhaseSettingsReachTheTrainer() {
        TrainingSettings settings = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(
                KlusterConfig.CLUSTER_LEARNING_RATE, 0.002, KlusterConfig.DEC_UPDATE_INTERVAL, 30,
                KlusterConfig.DEC_TOLERANCE, 0.01, KlusterConfig.CLUSTER_LOSS_WEIGHT, 0.5, KlusterConfig.DCN_LAMBDA, 2.0,
                KlusterConfig.DAMIC_EXPERT_STEPS, 40, KlusterConfig.SPHERICAL_EMBEDDING, false)).trainingSettings();

        assertThat(settings.clusterLearningRate()).isEqualTo(0.002f);
        assertThat(settings.updateInterval()).isEqualTo(30);
        assertThat(settings.tolerance()).isEqualTo(0.01);
        assertThat(settings.gamma()).isEqualTo(0.5);
        assertThat(settings.lambda()).isEqualTo(2.0);
        assertThat(settings.expertSteps()).isEqualTo(40);
        assertThat(settings.sphericalEmbedding()).isFalse();
        TrainingSettings unset = KlusterConfig.resolve(new Properties(), Map.of(), Map.of()).trainingSettings();
        assertThat(unset).as("unset keys keep the trainer's own defaults, but for the encoder, chosen from the data")
                .isEqualTo(TrainingSettings.builder(unset.k()).encoder(EncoderChoice.AUTO).build());
    }

    @Test
    void theEncoderIsChosenFromTheDataUnlessAMethodOrWidthsAskForADeepOneOrItIsSet() {
        assertThat(encoder(Map.of())).isEqualTo(EncoderChoice.AUTO);
        assertThat(encoder(Map.of(KlusterConfig.METHOD, "dec"))).isEqualTo(EncoderChoice.DEEP);
        assertThat(encoder(Map.of(KlusterConfig.ENCODER_WIDTHS, "64,8"))).isEqualTo(EncoderChoice.DEEP);
        assertThat(encoder(Map.of(KlusterConfig.METHOD, "dec", KlusterConfig.ENCODER, "auto"))).isEqualTo(EncoderChoice.AUTO);
        assertThat(encoder(Map.of(KlusterConfig.ENCODER, "none"))).isEqualTo(EncoderChoice.NONE);
        assertThatThrownBy(() -> encoder(Map.of(KlusterConfig.ENCODER, "shallow")))
                .hasMessageContaining(KlusterConfig.ENCODER);
        assertThatThrownBy(() -> encoder(Map.of(KlusterConfig.INPUT_ID_FIELD, "")))
                .hasMessageContaining(KlusterConfig.INPUT_ID_FIELD);
        assertThatThrownBy(() -> encoder(Map.of(KlusterConfig.ENCODER_WIDTHS, "none")))
                .hasMessageContaining(KlusterConfig.ENCODER + "=none");
    }

    private static EncoderChoice encoder(Map<String, Object> flags) {
        return KlusterConfig.resolve(new Properties(), Map.of(), flags).trainingSettings().encoder();
    }

    @Test
    void onlyModelSettingsSetExplicitlyOverrideTheModelsOwnOnARetrain() {
        RetrainSettings defaults = KlusterConfig.resolve(new Properties(), Map.of(), Map.of()).retrainSettings();
        assertThat(defaults.overridden()).as("nothing set").isEmpty();
        assertThat(defaults.reconstructionEpochs()).isEqualTo(5);
        assertThat(defaults.clusterEpochs()).isEqualTo(5);

        Properties file = new Properties();
        file.setProperty(KlusterConfig.METHOD, "dcn");
        RetrainSettings set = KlusterConfig.resolve(file, Map.of("KLUSTER_ENCODER_WIDTHS", "32,4"), Map.of(
                KlusterConfig.K, 5, KlusterConfig.RETRAIN_CLUSTER_EPOCHS, 2, KlusterConfig.BATCH_SIZE, 64)).retrainSettings();
        assertThat(set.overridden()).containsExactlyInAnyOrder("k", "method", "widths");
        assertThat(set.clusterEpochs()).isEqualTo(2);
    }

    @Test
    void theActivityViewKeepsRawRecordsOnlyWhenThePageDrawsThemAsImages() {
        KlusterConfig config = KlusterConfig.resolve(new Properties(), Map.of(), Map.of());
        for (int dimension : new int[] {16, 4}) {
            ClusterActivity activity = config.clusterActivity(dimension);
            activity.recordBatch(new AssignedBatch(1, new int[] {0}, new float[][] {{0}}, 1, new int[] {0},
                    new float[] {0.9f}, new float[][] {new float[dimension]}, new String[] {null}, null, null, null));

            int kept = activity.snapshot().clusters().get(0).recent().size();
            assertThat(kept).as("records kept for %d features (4x4 is an image, 4 is not)", dimension)
                    .isEqualTo(dimension == 16 ? 1 : 0);
        }
    }

    @Test
    void outOfRangeValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.K, 1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KlusterConfig.K);
        assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.ENCODER_WIDTHS, "10,a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KlusterConfig.ENCODER_WIDTHS);
        assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.INPUT_FORMAT, "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KlusterConfig.INPUT_FORMAT);
    }

    @Test
    void kAutoChoosesKWithinItsRangeAndRetiresStarvingClustersDownToTheFewest() {
        KlusterConfig auto = KlusterConfig.resolve(new Properties(), Map.of(),
                Map.of(KlusterConfig.K, "AUTO", KlusterConfig.K_MIN, 3, KlusterConfig.K_MAX, 12, KlusterConfig.SEED, 9L));

        assertThat(auto.autoK()).isTrue();
        assertThat(auto.kSelector().kMin()).isEqualTo(3);
        assertThat(auto.kSelector().kMax()).isEqualTo(12);
        assertThat(auto.onlineLearningSettings().retiresStarving()).isTrue();
        assertThat(auto.onlineLearningSettings().retireDownToK()).isEqualTo(3);

        KlusterConfig fixed = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.K, "7"));
        assertThat(fixed.autoK()).isFalse();
        assertThat(fixed.kSelector()).isNull();
        assertThat(fixed.trainingSettings().k()).isEqualTo(7);
        assertThat(fixed.onlineLearningSettings().retiresStarving()).as("a fixed k reseeds, as before").isFalse();
    }

    @Test
    void aKThatIsNeitherAutoNorAWholeNumberInRangeIsRejected() {
        for (Object bad : new Object[] {"many", "1", "2.5", 0}) {
            assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.K, bad)))
                    .as("k=%s", bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("must be auto or a whole number from 2 to 10000");
        }
        assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(),
                Map.of(KlusterConfig.K, "auto", KlusterConfig.K_MIN, 9, KlusterConfig.K_MAX, 4)))
                .isInstanceOf(ConfigException.class).hasMessage("kluster.k.min (9) must not exceed kluster.k.max (4)");
    }

    @Test
    void environmentVariablesAreTheKeysInUpperSnakeCase() {
        assertThat(KlusterConfig.environmentVariable("kluster.batch.linger.ms")).isEqualTo("KLUSTER_BATCH_LINGER_MS");
    }

    @Test
    void theReadmeCarriesTheCurrentConfigurationReference() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertThat(Files.readString(readme))
                .as("README.md must contain the table printed by KlusterConfig.markdownTable()")
                .contains(KlusterConfig.markdownTable());
    }

    /** A model of named-field events over an amount and a country. */
    private static io.kluster.model.ModelBundle eventModel() {
        java.util.List<io.kluster.fields.FieldValues> events = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(new io.kluster.fields.FieldValues(Map.of("amount", (double) i, "country", i % 2 == 0 ? "DE" : "FR")));
        }
        io.kluster.fields.FieldSchema schema = io.kluster.fields.FieldSchema.fit(events,
                new io.kluster.fields.FieldsSettings(io.kluster.fields.FieldSpec.parseList("amount:numeric,country"), "id",
                        "label", java.util.Set.of()));
        return new io.kluster.model.ModelTrainer(TrainingSettings.builder(2).encoder(EncoderChoice.NONE).build())
                .train(schema.encodeAll(events), 1, io.kluster.model.TrainingListener.NONE).withSchema(schema);
    }

    @Test
    void withAModelOfEventsTheParserReadsTheModelsFieldsAndTheKeysOnlyNameTheIdAndLabel() {
        KlusterConfig config = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.INPUT_FORMAT, "fields",
                KlusterConfig.INPUT_FIELDS, "something,else:text", KlusterConfig.INPUT_ID_FIELD, "order_id"));

        io.kluster.fields.FieldsSettings fields = config.topologySettings(0, eventModel()).fields();

        assertThat(fields.declared()).containsExactly(
                new io.kluster.fields.FieldSpec("amount", io.kluster.fields.FieldType.NUMERIC),
                new io.kluster.fields.FieldSpec("country", null));
        assertThat(fields.idField()).isEqualTo("order_id");
        assertThat(config.topologySettings(0).fields().declared()).extracting(io.kluster.fields.FieldSpec::name)
                .containsExactly("something", "else");
    }

    @Test
    void namedFieldEventsTakeNoDimensionAndAModelOfTheOtherKindIsAClearError() {
        KlusterConfig events = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(KlusterConfig.INPUT_FORMAT, "fields"));
        KlusterConfig eventsWithDimension = KlusterConfig.resolve(new Properties(), Map.of(),
                Map.of(KlusterConfig.INPUT_FORMAT, "fields", KlusterConfig.INPUT_DIMENSION, 4));
        KlusterConfig vectors = KlusterConfig.resolve(new Properties(), Map.of(), Map.of());
        io.kluster.model.ModelBundle eventModel = eventModel();

        assertThat(RunCommand.inputDimension(events, null)).isZero();
        assertThat(RunCommand.inputDimension(events, eventModel)).isZero();
        assertThatThrownBy(() -> RunCommand.inputDimension(eventsWithDimension, null))
                .isInstanceOf(UserException.class).hasMessageContaining("--dimension does not apply");
        assertThatThrownBy(() -> RunCommand.inputDimension(vectors, eventModel))
                .isInstanceOf(UserException.class).hasMessageContaining("kluster.input.format=fields");
        assertThatThrownBy(() -> KlusterConfig.resolve(new Properties(), Map.of(),
                Map.of(KlusterConfig.INPUT_FIELDS, "amount:numerc"))).hasMessageContaining("numerc");
    }
}
