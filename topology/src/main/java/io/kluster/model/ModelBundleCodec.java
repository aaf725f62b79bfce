package io.kluster.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.cluster.ClusterEvent;
import io.kluster.cluster.ClusterLineage;
import io.kluster.fields.FieldSchema;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link ModelBundle}s as a directory (for people and {@code --model DIR}) and as
 * bytes (for the model topic).
 *
 * <p>Directory layout: {@code bundle.json} (format version, model version, method, architecture,
 * scaler, centroids, cluster ids, hyper-parameters), {@code encoder.params} and, when the method
 * keeps a decoder, {@code decoder.params} (DJL's parameter format). The byte form is the magic
 * {@code KLMB}, the format version, then the JSON, encoder and decoder parts, each prefixed by its
 * length as a big-endian int (-1 for an absent decoder). A model of named-field events also keeps
 * its field schema in the JSON, under {@code schema}, and is format version 2.
 */
public final class ModelBundleCodec {

    /** The format version of a bundle of vector input; this code writes and reads it. */
    public static final int FORMAT_VERSION = 1;
    /**
     * The format version of a bundle with a field schema: a release that only knows version 1 would
     * take such a model for a vector model, so it must refuse it instead.
     */
    public static final int FIELDS_FORMAT_VERSION = 2;
    /** The metadata file of a bundle directory. */
    public static final String METADATA_FILE = "bundle.json";
    /** The encoder weights file of a bundle directory. */
    public static final String ENCODER_FILE = "encoder.params";
    /** The decoder weights file of a bundle directory. */
    public static final String DECODER_FILE = "decoder.params";

    private static final byte[] MAGIC = "KLMB".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelBundleCodec() {
    }

    /** The bundle as bytes. */
    public static byte[] toBytes(ModelBundle bundle) {
        byte[] metadata = metadata(bundle);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(metadata.length + bundle.encoderParameters().length
                + (bundle.decoderParameters() == null ? 0 : bundle.decoderParameters().length) + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(formatVersion(bundle));
            writePart(out, metadata);
            writePart(out, bundle.encoderParameters());
            writePart(out, bundle.decoderParameters());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes}; a malformed input gives an IllegalArgumentException. */
    public static ModelBundle fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a Kluster model bundle (bad magic)");
            }
            int format = in.getInt();
            checkFormat(format);
            byte[] metadata = readPart(in);
            byte[] encoder = readPart(in);
            byte[] decoder = readPart(in);
            if (metadata == null || encoder == null) {
                throw new IllegalArgumentException("model bundle lacks its metadata or encoder");
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("model bundle has " + in.remaining() + " trailing bytes");
            }
            return fromMetadata(JSON.readTree(metadata), encoder, decoder);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("model bundle is truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("model bundle metadata is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads only the model version from bytes written by {@link #toBytes}, without decoding weights. */
    public static long peekVersion(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(MAGIC.length + Integer.BYTES);
            byte[] metadata = readPart(in);
            return JSON.readTree(metadata).path("version").asLong(-1);
        } catch (RuntimeException | IOException e) {
            return -1;
        }
    }

    /** Writes the bundle into {@code dir}, creating it when needed. */
    public static void save(ModelBundle bundle, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(METADATA_FILE), metadata(bundle));
        Files.write(dir.resolve(ENCODER_FILE), bundle.encoderParameters());
        Path decoder = dir.resolve(DECODER_FILE);
        if (bundle.decoderParameters() != null) {
            Files.write(decoder, bundle.decoderParameters());
        } else {
            Files.deleteIfExists(decoder);
        }
    }

    /** Reads a bundle directory written by {@link #save}. */
    public static ModelBundle load(Path dir) throws IOException {
        Path metadata = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(metadata)) {
            throw new IOException("not a model directory (no " + METADATA_FILE + "): " + dir);
        }
        Path encoder = dir.resolve(ENCODER_FILE);
        if (!Files.isRegularFile(encoder)) {
            throw new IOException("model directory lacks " + ENCODER_FILE + ": " + dir);
        }
        Path decoder = dir.resolve(DECODER_FILE);
        JsonNode root = JSON.readTree(metadata.toFile());
        try {
            checkFormat(root.path("format_version").asInt(-1));
            return fromMetadata(root, Files.readAllBytes(encoder),
                    Files.isRegularFile(decoder) ? Files.readAllBytes(decoder) : null);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkFormat(int format) {
        if (format != FORMAT_VERSION && format != FIELDS_FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported model bundle format version " + format
                    + " (this build reads " + FORMAT_VERSION + " and " + FIELDS_FORMAT_VERSION + ")");
        }
    }

    private static int formatVersion(ModelBundle bundle) {
        return bundle.schema() == null ? FORMAT_VERSION : FIELDS_FORMAT_VERSION;
    }

    private static byte[] metadata(ModelBundle bundle) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", formatVersion(bundle));
        root.put("version", bundle.version());
        root.put("method", bundle.method());
        root.put("input_dimension", bundle.encoder().inputDimension());
        root.put("widths", bundle.encoder().widths());
        if (bundle.encoder().spherical()) {
            root.put("spherical_embedding", true);
        }
        root.put("alpha", bundle.alpha());
        root.put("created_at", bundle.createdAtMillis());
        ArrayNode ids = root.putArray("cluster_ids");
        for (int id : bundle.clusterIds()) {
            ids.add(id);
        }
        ArrayNode centroids = root.putArray("centroids");
        for (float[] c : bundle.centroids()) {
            ArrayNode row = centroids.addArray();
            for (float v : c) {
                row.add(v);
            }
        }
        if (!bundle.scaler().isIdentity()) {
            ObjectNode scaler = root.putObject("scaler");
            floats(scaler.putArray("offset"), bundle.scaler().offset());
            floats(scaler.putArray("scale"), bundle.scaler().scale());
        }
        ObjectNode hyper = root.putObject("hyper_parameters");
        bundle.hyperParameters().forEach(hyper::put);
        if (bundle.schema() != null) {
            root.set("schema", bundle.schema().toJson());
        }
        ObjectNode lineage = root.putObject("lineage");
        lineage.put("next_id", bundle.lineage().nextId());
        ArrayNode history = lineage.putArray("history");
        for (ClusterEvent event : bundle.lineage().history()) {
            ClusterEventJson.write(event, history.addObject());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelBundle fromMetadata(JsonNode root, byte[] encoder, byte[] decoder) {
        int inputDimension = requireInt(root, "input_dimension");
        EncoderSpec spec = EncoderSpec.of(inputDimension, requireText(root, "widths"))
                .withSpherical(root.path("spherical_embedding").asBoolean(false));
        JsonNode centroidsNode = root.path("centroids");
        if (!centroidsNode.isArray() || centroidsNode.isEmpty()) {
            throw new IllegalArgumentException("model metadata lacks centroids");
        }
        float[][] centroids = new float[centroidsNode.size()][];
        for (int j = 0; j < centroids.length; j++) {
            centroids[j] = floats(centroidsNode.get(j), "centroids");
        }
        JsonNode idsNode = root.path("cluster_ids");
        int[] ids = new int[idsNode.size()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = idsNode.get(j).asInt(-1);
        }
        JsonNode scalerNode = root.path("scaler");
        FeatureScaler scaler = scalerNode.isObject()
                ? new FeatureScaler(floats(scalerNode.path("offset"), "scaler.offset"), floats(scalerNode.path("scale"), "scaler.scale"))
                : FeatureScaler.identity(inputDimension);
        Map<String, String> hyper = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("hyper_parameters").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            hyper.put(field.getKey(), field.getValue().asText());
        }
        FieldSchema schema = root.path("schema").isObject() ? FieldSchema.fromJson(root.path("schema")) : null;
        return new ModelBundle(requireLong(root, "version"), requireText(root, "method"), spec, scaler, encoder, decoder,
                centroids, root.path("alpha").asDouble(1.0), ids, hyper, root.path("created_at").asLong(0), schema,
                lineage(root.path("lineage"), ids));
    }

    /** The lineage recorded in the metadata; a model of an earlier release, which records none, has no past. */
    private static ClusterLineage lineage(JsonNode node, int[] ids) {
        if (!node.isObject()) {
            return ClusterLineage.of(ids);
        }
        List<ClusterEvent> history = new ArrayList<>();
        for (JsonNode e : node.path("history")) {
            history.add(ClusterEventJson.read(e));
        }
        return new ClusterLineage(requireInt(node, "next_id"), history);
    }

    private static void floats(ArrayNode node, float[] values) {
        for (float v : values) {
            node.add(v);
        }
    }

    private static float[] floats(JsonNode node, String what) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("model metadata field " + what + " is not an array");
        }
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw new IllegalArgumentException("model metadata field " + what + " holds a non-number");
            }
            out[i] = v.floatValue();
        }
        return out;
    }

    private static int requireInt(JsonNode root, String field) {
        JsonNode v = root.path(field);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("model metadata lacks integer field " + field);
        }
        return v.intValue();
    }

    private static long requireLong(JsonNode root, String field) {
        JsonNode v = root.path(field);
        if (!v.canConvertToLong()) {
            throw new IllegalArgumentException("model metadata lacks integer field " + field);
        }
        return v.longValue();
    }

    private static String requireText(JsonNode root, String field) {
        JsonNode v = root.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("model metadata lacks text field " + field);
        }
        return v.textValue();
    }

    private static void writePart(DataOutputStream out, byte[] part) throws IOException {
        if (part == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(part.length);
            out.write(part);
        }
    }

    private static byte[] readPart(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("model bundle is truncated");
        }
        byte[] part = new byte[length];
        in.get(part);
        return part;
    }

}
