package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.cluster.ClusterEvent;
import io.kluster.cluster.ClusterLineage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleCodecTest {

    private static Blobs blobs;
    private static ModelBundle bundle;

    @BeforeAll
    static void train() {
        blobs = Blobs.generate(3, 30, 5, 1.0, 21L);
        TrainingSettings settings = TrainingSettings.builder(3)
                .widths("8,3")
                .scaling(FeatureScaler.Mode.STANDARD)
                .pretrain(new PretrainConfig(3, 16, 1e-2f, 0.1f, 1L))
                .kmeansRestarts(2)
                .build();
        bundle = new ModelTrainer(settings).train(blobs.rows, 4, TrainingListener.NONE);
    }

    @Test
    void bytesRoundTripGivesBitIdenticalEmbeddings() {
        ModelBundle decoded = ModelBundleCodec.fromBytes(ModelBundleCodec.toBytes(bundle));

        assertThat(embed(decoded)).isEqualTo(embed(bundle));
        assertThat(decoded.version()).isEqualTo(4);
        assertThat(decoded.centroids()).isDeepEqualTo(bundle.centroids());
        assertThat(decoded.clusterIds()).isEqualTo(bundle.clusterIds());
        assertThat(decoded.scaler().offset()).isEqualTo(bundle.scaler().offset());
        assertThat(decoded.hyperParameters()).isEqualTo(bundle.hyperParameters());
    }

    @Test
    void twoDecodingsOfTheSameBytesAreEqualAndAnotherVersionIsNot() {
        byte[] bytes = ModelBundleCodec.toBytes(bundle);
        ModelBundle first = ModelBundleCodec.fromBytes(bytes);
        ModelBundle second = ModelBundleCodec.fromBytes(bytes);

        assertThat(second).as("arrays compare by content").isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(second.withVersion(5)).isNotEqualTo(first);
        assertThat(first.toString()).contains("v4", "k=" + bundle.k()).doesNotContain("[B@");
    }

    @Test
    void directoryRoundTripGivesBitIdenticalEmbeddings(@TempDir Path dir) throws IOException {
        ModelBundleCodec.save(bundle, dir.resolve("model"));
        ModelBundle loaded = ModelBundleCodec.load(dir.resolve("model"));

        assertThat(embed(loaded)).isEqualTo(embed(bundle));
        assertThat(Files.exists(dir.resolve("model").resolve(ModelBundleCodec.DECODER_FILE))).isTrue();
    }

    @Test
    void theLineageTravelsWithTheModelAndAModelWithoutOneHasNoPast(@TempDir Path dir) throws IOException {
        int[] ids = bundle.clusterIds();
        ClusterLineage lineage = ClusterLineage.of(ids).then(List.of(
                new ClusterEvent(4, ClusterEvent.Kind.SPLIT, new int[] {ids[0], 9}, new long[] {30, 12}),
                new ClusterEvent(4, ClusterEvent.Kind.RETIRED, new int[] {7}, new long[] {3})), 10);
        ModelBundle withPast = bundle.withLineage(lineage);

        assertThat(ModelBundleCodec.fromBytes(ModelBundleCodec.toBytes(withPast)).lineage()).isEqualTo(lineage);
        ModelBundleCodec.save(withPast, dir.resolve("model"));
        assertThat(ModelBundleCodec.load(dir.resolve("model")).lineage()).isEqualTo(lineage);

        // bundle.json of an earlier release has no lineage: ids continue from above the largest one.
        Path json = dir.resolve("model").resolve("bundle.json");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode metadata = (ObjectNode) mapper.readTree(json.toFile());
        metadata.remove("lineage");
        mapper.writeValue(json.toFile(), metadata);
        assertThat(Files.readString(json)).doesNotContain("lineage");
        assertThat(ModelBundleCodec.load(dir.resolve("model")).lineage()).isEqualTo(ClusterLineage.of(ids));
    }

    @Test
    void aLineageWhoseNextIdIsAlreadyInUseIsRejected() {
        assertThatThrownBy(() -> bundle.withLineage(new ClusterLineage(1, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in use");
    }

    @Test
    void peekVersionReadsTheVersionWithoutDecodingWeights() {
        assertThat(ModelBundleCodec.peekVersion(ModelBundleCodec.toBytes(bundle))).isEqualTo(4);
        assertThat(ModelBundleCodec.peekVersion(new byte[] {1, 2, 3})).isEqualTo(-1);
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] bytes = ModelBundleCodec.toBytes(bundle);
        assertThatThrownBy(() -> ModelBundleCodec.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anUnknownFormatVersionIsRejected() {
        byte[] bytes = ModelBundleCodec.toBytes(bundle);
        ByteBuffer.wrap(bytes).putInt(4, 99);
        assertThatThrownBy(() -> ModelBundleCodec.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 99");
    }

    @Test
    void foreignBytesAreRejected() {
        assertThatThrownBy(() -> ModelBundleCodec.fromBytes("hello world, not a model".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void weightsOfAnotherArchitectureAreRejectedWhenOpened() {
        ModelBundle mismatched = new ModelBundle(5, bundle.method(), EncoderSpec.of(5, "9,3"), bundle.scaler(),
                bundle.encoderParameters(), null, bundle.centroids(), 1.0, bundle.clusterIds(), bundle.hyperParameters(), 0L);
        assertThatThrownBy(() -> Embedder.open(mismatched)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDirectoryWithoutMetadataIsReportedClearly(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelBundleCodec.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bundle.json");
    }

    @Test
    void aFlatModelStaysFlatThroughBytesAndEmbedsTheRawCode() {
        ModelBundle model = trainSmall(false);

        ModelBundle decoded = ModelBundleCodec.fromBytes(ModelBundleCodec.toBytes(model));

        assertThat(model.hyperParameters()).containsEntry("spherical_embedding", "false");
        assertThat(decoded.encoder().spherical()).as("a bundle without the flag, as older ones are, reads as flat")
                .isFalse();
        double[] norms = ModelTrainerTest.lengths(embed(decoded), 3);
        assertThat(Arrays.stream(norms).max().orElseThrow() - Arrays.stream(norms).min().orElseThrow())
                .as("raw codes keep their lengths").isGreaterThan(0.1);
    }

    /** A small model of the blobs (embedding dimension 3), flat or on the sphere. */
    private static ModelBundle trainSmall(boolean spherical) {
        TrainingSettings settings = TrainingSettings.builder(3).widths("8,3")
                .pretrain(new PretrainConfig(3, 16, 1e-2f, 0.1f, 1L)).kmeansRestarts(2).sphericalEmbedding(spherical).build();
        return new ModelTrainer(settings).train(blobs.rows, 1, TrainingListener.NONE);
    }

    @Test
    void centroidsMustMatchTheEmbeddingDimension() {
        assertThatThrownBy(() -> bundle.withCentroids(6, new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f}}, new int[] {0, 1, 2},
                bundle.lineage()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedding dimension");
    }

    @Test
    void aSphericalModelStaysSphericalThroughBytesAndItsEmbeddingsLieOnTheSphere() {
        ModelBundle model = trainSmall(true);

        ModelBundle decoded = ModelBundleCodec.fromBytes(ModelBundleCodec.toBytes(model));

        assertThat(decoded.encoder().spherical()).isTrue();
        assertThat(bundle.encoder().spherical()).as("the default").isTrue();
        float[] z = embed(decoded);
        for (double norm : ModelTrainerTest.lengths(z, 3)) {
            assertThat(norm).isCloseTo(Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-4));
        }
        try (Embedder embedder = Embedder.open(decoded)) {
            double error = embedder.reconstructionError(blobs.rows, blobs.rows.length, z);
            assertThat(error).as("the decoder reads the raw code, not the projected one").isLessThan(1.0);
        }
    }

    @Test
    void clusterIdsMustBeDistinct() {
        assertThatThrownBy(() -> bundle.withCentroids(6, bundle.centroids(), new int[] {0, 0, 1}, bundle.lineage()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
    }

    private static float[] embed(ModelBundle b) {
        try (Embedder embedder = Embedder.open(b)) {
            return embedder.embed(blobs.rows, blobs.rows.length);
        }
    }

    @Test
    void aModelOfEventsKeepsItsSchemaInBothFormsAndIsFormatVersionTwoSoThatAnOlderReleaseRefusesIt(@TempDir Path dir)
            throws IOException {
        java.util.List<io.kluster.fields.FieldValues> events = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(new io.kluster.fields.FieldValues(java.util.Map.of("amount", (double) (i % 4) * 10 + i % 3,
                    "country", i % 4 < 2 ? "DE" : "FR")));
        }
        io.kluster.fields.FieldSchema schema = io.kluster.fields.FieldSchema.fit(events,
                io.kluster.fields.FieldsSettings.DEFAULTS);
        ModelBundle model = new ModelTrainer(TrainingSettings.builder(2).encoder(EncoderChoice.NONE).build())
                .train(schema.encodeAll(events), 1, TrainingListener.NONE).withSchema(schema);

        byte[] bytes = ModelBundleCodec.toBytes(model);
        ModelBundleCodec.save(model, dir.resolve("m"));

        assertThat(ByteBuffer.wrap(bytes, 4, 4).getInt()).isEqualTo(ModelBundleCodec.FIELDS_FORMAT_VERSION);
        assertThat(ModelBundleCodec.fromBytes(bytes)).isEqualTo(model);
        assertThat(ModelBundleCodec.load(dir.resolve("m"))).isEqualTo(model);
        assertThat(ByteBuffer.wrap(ModelBundleCodec.toBytes(bundle), 4, 4).getInt()).as("a vector model stays version 1")
                .isEqualTo(ModelBundleCodec.FORMAT_VERSION);
    }
}
