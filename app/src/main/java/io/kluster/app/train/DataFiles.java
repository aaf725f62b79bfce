package io.kluster.app.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.kluster.app.KlusterConfig;
import io.kluster.app.UserException;
import io.kluster.data.Dataset;
import io.kluster.data.DatasetReader;
import io.kluster.data.EventDataset;
import io.kluster.fields.FieldEncoder;
import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldType;
import io.kluster.fields.FieldsSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of a data file for the commands that take {@code --data}: as feature vectors,
 * or, with {@code kluster.input.format=fields} (or, when the format is not set, for a file that
 * holds events rather than vectors), as named-field events encoded by a schema, the model's or one
 * fitted on the file.
 */
public final class DataFiles {

    /** CSV rows looked at to tell events from vectors. */
    private static final int SNIFF_ROWS = 200;

    private DataFiles() {
    }

    /**
     * Reads {@code path}.
     *
     * @param limit the most records to read, or null for all
     * @param config the settings that name the format and the fields
     * @param modelSchema the schema of the model the records are for, or null to fit one on them
     * @throws UserException with one line saying what is wrong
     */
    public static LoadedData load(Path path, Integer limit, KlusterConfig config, FieldSchema modelSchema) {
        if (limit != null && limit < 1) {
            throw new UserException("--limit must be >= 1, got " + limit);
        }
        if (!Files.exists(path)) {
            throw new UserException("no such file or directory: " + path);
        }
        int max = limit == null ? Integer.MAX_VALUE : limit;
        boolean events = modelSchema != null || config.namedFields()
                || (!config.originals().containsKey(KlusterConfig.INPUT_FORMAT) && holdsEvents(path));
        try {
            if (!events) {
                Dataset data = DatasetReader.read(path, max);
                if (data.size() == 0) {
                    throw new UserException("no records in " + path);
                }
                return new LoadedData(data, null, null);
            }
            FieldsSettings configured = config.fieldsSettings();
            FieldsSettings settings = modelSchema == null ? configured
                    : modelSchema.parserSettings(configured.idField(), configured.labelField());
            EventDataset read = DatasetReader.readEvents(path, settings, max);
            if (read.size() == 0) {
                throw new UserException("no records in " + path);
            }
            FieldSchema schema;
            try {
                schema = modelSchema != null ? modelSchema : FieldSchema.fit(read.events(), settings);
            } catch (IllegalArgumentException e) {
                throw new UserException(path + ": " + e.getMessage(), e);
            }
            return new LoadedData(read.encode(schema), read, schema);
        } catch (IOException e) {
            String hint = events ? "" : "; for named-field events set -D " + KlusterConfig.INPUT_FORMAT + "=fields";
            throw new UserException("cannot read " + path + ": " + e.getMessage() + hint, e);
        }
    }

    /** One line per field of a schema, for the logs of the commands that fit one. */
    public static String describe(FieldSchema schema) {
        StringBuilder out = new StringBuilder();
        schema.fields().forEach(f -> out.append(String.format(Locale.ROOT, "  %-24s %-11s %2d features, weight %.3f%s%n",
                f.name(), f.type().id(), f.width(), f.weight(), detail(f))));
        schema.skipped().forEach((name, why) -> out.append(String.format("  %-24s not a feature: %s%n", name, why)));
        return out.toString();
    }

    private static String detail(FieldEncoder f) {
        if (f instanceof FieldEncoder.Numeric n) {
            return (n.logTails() ? ", heavy-tailed (asinh)" : "") + (n.missingIndicator() ? ", missing indicator" : "");
        }
        if (f instanceof FieldEncoder.Categorical c) {
            return ", " + c.values().size() + " values + other";
        }
        return "";
    }

    /**
     * Whether a file holds named-field events rather than vectors: a JSONL file whose first record
     * has no {@code features}, or a CSV file with a cell that is empty or not a number outside the
     * id and label columns in its first rows.
     */
    static boolean holdsEvents(Path path) {
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        if (Files.isDirectory(path) || !(base.endsWith(".csv") || base.endsWith(".jsonl") || base.endsWith(".json"))) {
            return false;
        }
        try (BufferedReader reader = open(path, lower.endsWith(".gz"))) {
            if (base.endsWith(".csv")) {
                return csvHoldsEvents(reader);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode first = new ObjectMapper().readTree(line.strip().replace("\uFEFF", ""));
                    return first != null && first.isObject() && !first.has("features");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // Unreadable here means unreadable as vectors too: the vector reader says why, precisely.
            return false;
        }
    }

    private static boolean csvHoldsEvents(BufferedReader reader) throws IOException {
        try (MappingIterator<String[]> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES).readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNext()) {
                return false;
            }
            String[] header = rows.next();
            for (int r = 0; r < SNIFF_ROWS && rows.hasNext(); r++) {
                String[] cells = rows.next();
                for (int c = 0; c < Math.min(cells.length, header.length); c++) {
                    String name = header[c].replace("\uFEFF", "");
                    if (name.equalsIgnoreCase(DatasetReader.CSV_ID_COLUMN) || name.equalsIgnoreCase(DatasetReader.CSV_LABEL_COLUMN)) {
                        continue;
                    }
                    if (cells[c].isEmpty() || !Double.isFinite(FieldType.asNumber(cells[c]))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static BufferedReader open(Path path, boolean gzip) throws IOException {
        InputStream in = Files.newInputStream(path);
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
    }
}
