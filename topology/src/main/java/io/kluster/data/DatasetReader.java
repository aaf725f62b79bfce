package io.kluster.data;

import java.io.BufferedInputStream;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.kluster.fields.FieldSpec;
import io.kluster.fields.FieldType;
import io.kluster.fields.FieldValues;
import io.kluster.fields.FieldsSettings;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads offline datasets for the demo feeder and for tests, choosing the format from the path.
 *
 * <ul>
 *   <li><b>A directory</b>: every {@code *images-idx3-ubyte} (or {@code .gz}) file in it, in
 *       file-name order, each with its twin labels file, the same name with
 *       {@code images-idx3} replaced by {@code labels-idx1}, compressed or not. For the
 *       Fashion-MNIST layout this reads {@code t10k-*} (10,000 rows) before {@code train-*}
 *       (60,000 rows).</li>
 *   <li><b>A single {@code *images-idx3-ubyte[.gz]} file</b>, with its twin when present.</li>
 *   <li><b>{@code *.csv}</b>: a header line, then one row per line; the {@code label} column is
 *       ground truth, the {@code id} column the id, every other column a numeric feature.</li>
 *   <li><b>{@code *.jsonl} or {@code *.json}</b>: one input-format JSON object per line, as
 *       {@link RecordParser} reads them; blank lines are skipped.</li>
 * </ul>
 * CSV and JSONL files may also be gzipped ({@code .csv.gz}, {@code .jsonl.gz}).
 *
 * <p>Ids: an IDX row's id is {@code <prefix>-<index>}, where the prefix is the file name before
 * {@code -images} and the index counts from 0 within that file, e.g. {@code t10k-0}; a file
 * named just {@code images-idx3-ubyte} gives ids {@code 0}, {@code 1}, ... A CSV without an
 * {@code id} column, or a JSONL line without an id, gets its 0-based row number as id.
 *
 * <p>IDX pixels are unsigned bytes scaled to [0, 1] as {@code pixel / 255f}; IDX labels are
 * their decimal strings. A labels file or column makes {@link Dataset#hasLabels()} true;
 * images without a twin labels file contribute null labels.
 *
 * <p>Reading stops after {@code limit} rows without reading the rest of the source, so
 * truncation past that point goes unnoticed.
 */
public final class DatasetReader {

    /** Magic number of an IDX file of unsigned bytes in three dimensions (images). */
    public static final int IDX_IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned bytes in one dimension (labels). */
    public static final int IDX_LABELS_MAGIC = 0x00000801;

    /** Name of the CSV column holding the ground-truth label (matched ignoring case). */
    public static final String CSV_LABEL_COLUMN = "label";

    /** Name of the CSV column holding the row id (matched ignoring case). */
    public static final String CSV_ID_COLUMN = "id";

    /** Groups: prefix (e.g. {@code t10k-}), separator before idx3, and the optional .gz. */
    private static final Pattern IDX_IMAGES = Pattern.compile("(.*)images([-.])idx3-ubyte(\\.gz)?");

    private static final int BUFFER_BYTES = 1 << 16;

    private DatasetReader() {
    }

    /**
     * Reads the whole dataset at {@code path}.
     *
     * @throws IOException when the path is missing, its format is unknown or its content is bad
     */
    public static Dataset read(Path path) throws IOException {
        return read(path, Integer.MAX_VALUE);
    }

    /**
     * Reads at most the first {@code limit} rows of the dataset at {@code path}.
     *
     * @throws IOException when the path is missing, its format is unknown or its content is bad
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public static Dataset read(Path path, int limit) throws IOException {
        Objects.requireNonNull(path, "path");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "dataset not found");
        }
        if (Files.isDirectory(path)) {
            return readIdx(findIdxImages(path), limit);
        }
        String name = path.getFileName().toString();
        if (IDX_IMAGES.matcher(name).matches()) {
            return readIdx(List.of(path), limit);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        if (base.endsWith(".csv")) {
            return readCsv(path, limit);
        }
        if (base.endsWith(".jsonl") || base.endsWith(".json")) {
            return readJsonl(path, limit);
        }
        throw new IOException("unknown dataset format for " + path + "; expected a directory of IDX"
            + " files, *images-idx3-ubyte[.gz], *.csv or *.jsonl/*.json (optionally .gz)");
    }

    /**
     * Reads at most the first {@code limit} named-field events of a {@code .jsonl} file (one event
     * per line, as on the input topic) or a {@code .csv} file (a header; a cell that reads as a number
     * is one, any other is a string, an empty one or a {@link FieldType#MISSING_MARKERS marker} such
     * as {@code NA} is missing), with ids and labels from the fields
     * {@code settings} name. An event without an id gets its row number.
     *
     * @throws IOException when the file is missing, of another format, or holds a bad event
     */
    public static EventDataset readEvents(Path path, FieldsSettings settings, int limit) throws IOException {
        Objects.requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "events file not found");
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        if (base.endsWith(".csv")) {
            return readCsvEvents(path, settings, limit);
        }
        if (base.endsWith(".jsonl") || base.endsWith(".json")) {
            return readJsonlEvents(path, settings, limit);
        }
        throw new IOException("unknown events file format for " + path + "; expected *.jsonl or *.csv (optionally .gz)");
    }

    private static EventDataset readJsonlEvents(Path path, FieldsSettings settings, int limit) throws IOException {
        RecordParser parser = RecordParser.builder()
            .format(InputFormat.FIELDS)
            .fields(settings)
            .maxValueBytes(Integer.MAX_VALUE)
            .maxFeatures(Integer.MAX_VALUE - 8)
            .build();
        EventsBuilder events = new EventsBuilder();
        try (BufferedReader reader = openText(path)) {
            int lineNumber = 0;
            String line;
            while (events.size() < limit && (line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1) {
                    line = stripBom(line);
                }
                if (line.isBlank()) {
                    continue;
                }
                byte[] rowNumber = Integer.toString(events.size()).getBytes(StandardCharsets.UTF_8);
                ParseResult result = parser.parse(rowNumber, line.getBytes(StandardCharsets.UTF_8));
                if (result instanceof ParseResult.Rejected rejected) {
                    throw new IOException(path + " line " + lineNumber + ": " + rejected.reason().code() + ": "
                        + rejected.message());
                }
                FeatureRecord record = ((ParseResult.Valid) result).record();
                events.add(record.id(), record.fields(), record.label());
            }
        }
        return events.build();
    }

    private static EventDataset readCsvEvents(Path path, FieldsSettings settings, int limit) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES);
        EventsBuilder events = new EventsBuilder();
        try (BufferedReader reader = openText(path);
             MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNext()) {
                throw new IOException(path + ": empty CSV file, expected a header line");
            }
            String[] names = rows.next();
            if (names.length > 0) {
                names[0] = stripBom(names[0]);
            }
            int lineNumber = 1;
            while (events.size() < limit && rows.hasNext()) {
                String[] cells = rows.next();
                lineNumber++;
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue;
                }
                if (cells.length != names.length) {
                    throw new IOException(path + " row " + lineNumber + ": expected " + names.length
                        + " columns as in the header, got " + cells.length);
                }
                String id = null;
                String label = null;
                Map<String, Object> values = new LinkedHashMap<>();
                for (int c = 0; c < names.length; c++) {
                    String name = names[c];
                    String cell = cells[c];
                    if (name.equals(settings.idField())) {
                        id = cell.isEmpty() ? null : cell;
                    } else if (name.equals(settings.labelField())) {
                        label = cell.isEmpty() ? null : cell;
                    } else if (!cell.isEmpty() && !FieldType.MISSING_MARKERS.contains(cell) && isFeature(settings, name)) {
                        double number = FieldType.asNumber(cell);
                        values.put(name, Double.isFinite(number) ? (Object) number : cell);
                    }
                }
                if (values.isEmpty()) {
                    throw new IOException(path + " row " + lineNumber + ": " + RejectReason.NO_USABLE_FEATURE.code()
                        + ": no feature cell");
                }
                for (FieldSpec spec : settings.declared()) {
                    Object v = values.get(spec.name());
                    if (v != null && spec.type() != null && !spec.type().accepts(v)) {
                        throw new IOException(path + " row " + lineNumber + ": " + RejectReason.WRONG_FIELD_TYPE.code()
                            + ": \"" + spec.name() + "\" is declared " + spec.type().id() + " but holds '" + v + "'");
                    }
                }
                events.add(id == null ? Integer.toString(events.size()) : id, new FieldValues(values), label);
            }
        } catch (RuntimeJsonMappingException e) {
            throw new IOException(path + ": not valid CSV: " + e.getMessage(), e);
        }
        return events.build();
    }

    private static boolean isFeature(FieldsSettings settings, String name) {
        if (settings.hasDeclaredFields()) {
            return settings.declared().stream().anyMatch(s -> s.name().equals(name));
        }
        return settings.isCandidate(name);
    }

    /** Collects events and says whether any carried a label. */
    private static final class EventsBuilder {
        private final List<String> ids = new ArrayList<>();
        private final List<FieldValues> events = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private boolean anyLabel;

        int size() {
            return ids.size();
        }

        void add(String id, FieldValues fields, String label) {
            ids.add(id);
            events.add(fields);
            labels.add(label);
            anyLabel |= label != null;
        }

        EventDataset build() {
            return new EventDataset(ids.toArray(String[]::new), events, anyLabel ? labels.toArray(String[]::new) : null);
        }
    }

    // ---------------------------------------------------------------- IDX

    private static List<Path> findIdxImages(Path directory) throws IOException {
        // Keyed by the uncompressed name so a folder holding both x and x.gz reads x once.
        Map<String, Path> images = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = IDX_IMAGES.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    String key = m.group(1) + "images" + m.group(2) + "idx3-ubyte";
                    images.merge(key, file, (a, b) -> isGzip(a) ? b : a);
                }
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no *images-idx3-ubyte[.gz] files in directory " + directory);
        }
        return List.copyOf(images.values());
    }

    private static Dataset readIdx(List<Path> imageFiles, int limit) throws IOException {
        List<String> ids = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean anyLabels = false;
        int dimension = -1;
        for (Path images : imageFiles) {
            int remaining = limit - features.size();
            if (remaining == 0) {
                break;
            }
            Matcher m = IDX_IMAGES.matcher(images.getFileName().toString());
            if (!m.matches()) {
                throw new IllegalStateException("not an IDX images file name: " + images);
            }
            String prefix = stripSeparator(m.group(1));
            Path twin = findTwin(images, m);
            int first = features.size();
            int fileDimension = readIdxImages(images, twin, prefix, remaining, ids, features);
            if (dimension >= 0 && fileDimension != dimension) {
                throw new IOException(images + ": images have " + fileDimension
                    + " pixels but earlier files have " + dimension);
            }
            dimension = fileDimension;
            int count = features.size() - first;
            if (twin != null) {
                anyLabels = true;
                readIdxLabels(twin, images, count, labels);
            } else {
                for (int i = 0; i < count; i++) {
                    labels.add(null);
                }
            }
        }
        return new Dataset(ids.toArray(String[]::new), features.toArray(float[][]::new),
            anyLabels ? labels.toArray(String[]::new) : null);
    }

    /** Returns the labels file for an images file, preferring the same compression, or null. */
    private static Path findTwin(Path images, Matcher m) {
        String stem = m.group(1) + "labels" + m.group(2) + "idx1-ubyte";
        boolean gz = m.group(3) != null;
        for (String name : gz ? List.of(stem + ".gz", stem) : List.of(stem, stem + ".gz")) {
            Path candidate = images.resolveSibling(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Reads up to {@code max} images and returns the per-image dimension. */
    private static int readIdxImages(Path file, Path twin, String prefix, int max,
        List<String> ids, List<float[]> features) throws IOException {
        try (DataInputStream in = openBinary(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IDX_IMAGES_MAGIC) {
                throw new IOException(String.format(Locale.ROOT,
                    "%s: not an IDX images file: magic 0x%08x, expected 0x%08x",
                    file, magic, IDX_IMAGES_MAGIC));
            }
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": bad IDX images header: " + count + " images of "
                    + rows + "x" + cols);
            }
            int dimension = rows * cols;
            int take = Math.min(count, max);
            byte[] pixels = new byte[dimension];
            for (int i = 0; i < take; i++) {
                try {
                    in.readFully(pixels);
                } catch (EOFException e) {
                    throw new IOException(file + ": truncated IDX images file: header promises "
                        + count + " images of " + rows + "x" + cols + " but image " + i
                        + " is incomplete", e);
                }
                float[] row = new float[dimension];
                for (int p = 0; p < dimension; p++) {
                    row[p] = (pixels[p] & 0xFF) / 255f;
                }
                ids.add(prefix.isEmpty() ? Integer.toString(i) : prefix + "-" + i);
                features.add(row);
            }
            return dimension;
        }
    }

    private static void readIdxLabels(Path file, Path images, int take, List<String> labels)
        throws IOException {
        try (DataInputStream in = openBinary(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IDX_LABELS_MAGIC) {
                throw new IOException(String.format(Locale.ROOT,
                    "%s: not an IDX labels file: magic 0x%08x, expected 0x%08x",
                    file, magic, IDX_LABELS_MAGIC));
            }
            int count = readHeaderInt(in, file);
            if (count < take) {
                throw new IOException(file + ": has " + count + " labels but " + images
                    + " has at least " + take + " images");
            }
            byte[] bytes = new byte[take];
            try {
                in.readFully(bytes);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated IDX labels file: fewer than " + take
                    + " labels", e);
            }
            for (byte b : bytes) {
                labels.add(Integer.toString(b & 0xFF));
            }
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        }
    }

    private static String stripSeparator(String prefix) {
        int end = prefix.length();
        while (end > 0 && "-_.".indexOf(prefix.charAt(end - 1)) >= 0) {
            end--;
        }
        return prefix.substring(0, end);
    }

    // ---------------------------------------------------------------- CSV

    private static Dataset readCsv(Path path, int limit) throws IOException {
        try (BufferedReader reader = openText(path)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(path + ": empty CSV file, expected a header line");
            }
            String[] names = splitCsv(stripBom(header));
            int idColumn = -1;
            int labelColumn = -1;
            for (int c = 0; c < names.length; c++) {
                if (names[c].equalsIgnoreCase(CSV_ID_COLUMN) && idColumn < 0) {
                    idColumn = c;
                } else if (names[c].equalsIgnoreCase(CSV_LABEL_COLUMN) && labelColumn < 0) {
                    labelColumn = c;
                }
            }
            int dimension = names.length - (idColumn >= 0 ? 1 : 0) - (labelColumn >= 0 ? 1 : 0);
            if (dimension == 0) {
                throw new IOException(path + ": CSV header has no feature columns: " + header);
            }
            List<String> ids = new ArrayList<>();
            List<float[]> features = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            int lineNumber = 1;
            String line;
            while (features.size() < limit && (line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = splitCsv(line);
                if (cells.length != names.length) {
                    throw new IOException(path + " line " + lineNumber + ": expected "
                        + names.length + " columns as in the header, got " + cells.length);
                }
                float[] row = new float[dimension];
                int f = 0;
                for (int c = 0; c < cells.length; c++) {
                    if (c != idColumn && c != labelColumn) {
                        row[f++] = parseCsvFeature(path, lineNumber, c, names[c], cells[c]);
                    }
                }
                String id = idColumn >= 0 ? cells[idColumn] : Integer.toString(features.size());
                if (id.isEmpty()) {
                    throw new IOException(path + " line " + lineNumber + ": empty id");
                }
                ids.add(id);
                features.add(row);
                if (labelColumn >= 0) {
                    labels.add(cells[labelColumn].isEmpty() ? null : cells[labelColumn]);
                }
            }
            return new Dataset(ids.toArray(String[]::new), features.toArray(float[][]::new),
                labelColumn >= 0 ? labels.toArray(String[]::new) : null);
        }
    }

    private static float parseCsvFeature(Path path, int line, int column, String name, String cell)
        throws IOException {
        float value;
        try {
            value = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw new IOException(path + " line " + line + ", column " + (column + 1) + " ("
                + name + "): '" + cell + "' is not a number");
        }
        if (!Float.isFinite(value)) {
            throw new IOException(path + " line " + line + ", column " + (column + 1) + " ("
                + name + "): '" + cell + "' is not a finite float");
        }
        return value;
    }

    /** Splits on commas, trimming cells and one pair of surrounding double quotes. */
    private static String[] splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            cells.add(unquote(line.substring(start, comma < 0 ? line.length() : comma).trim()));
            if (comma < 0) {
                return cells.toArray(String[]::new);
            }
            start = comma + 1;
        }
    }

    private static String unquote(String cell) {
        return cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"'
            ? cell.substring(1, cell.length() - 1).trim()
            : cell;
    }

    // ---------------------------------------------------------------- JSONL

    private static Dataset readJsonl(Path path, int limit) throws IOException {
        // Offline files are trusted more than a live topic, so only the depth limit binds.
        RecordParser parser = RecordParser.builder()
            .format(InputFormat.JSON)
            .maxValueBytes(Integer.MAX_VALUE)
            .maxFeatures(Integer.MAX_VALUE - 8)
            .build();
        List<String> ids = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean anyLabels = false;
        try (BufferedReader reader = openText(path)) {
            int lineNumber = 0;
            String line;
            while (features.size() < limit && (line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1) {
                    line = stripBom(line);
                }
                if (line.isBlank()) {
                    continue;
                }
                byte[] rowNumber = Integer.toString(features.size()).getBytes(StandardCharsets.UTF_8);
                ParseResult result = parser.parse(rowNumber, line.getBytes(StandardCharsets.UTF_8));
                if (result instanceof ParseResult.Rejected rejected) {
                    throw new IOException(path + " line " + lineNumber + ": "
                        + rejected.reason().code() + ": " + rejected.message());
                }
                FeatureRecord record = ((ParseResult.Valid) result).record();
                if (!features.isEmpty() && record.dimension() != features.get(0).length) {
                    throw new IOException(path + " line " + lineNumber + ": expected "
                        + features.get(0).length + " features like the first record, got "
                        + record.dimension());
                }
                ids.add(record.id());
                features.add(record.features());
                labels.add(record.label());
                anyLabels |= record.label() != null;
            }
        }
        return new Dataset(ids.toArray(String[]::new), features.toArray(float[][]::new),
            anyLabels ? labels.toArray(String[]::new) : null);
    }

    // ---------------------------------------------------------------- I/O

    private static boolean isGzip(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static InputStream open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return isGzip(path)
                ? new BufferedInputStream(new GZIPInputStream(in, BUFFER_BYTES), BUFFER_BYTES)
                : new BufferedInputStream(in, BUFFER_BYTES);
        } catch (IOException e) {
            in.close();
            throw new IOException(path + ": not a readable gzip file: " + e.getMessage(), e);
        }
    }

    private static DataInputStream openBinary(Path path) throws IOException {
        return new DataInputStream(open(path));
    }

    private static BufferedReader openText(Path path) throws IOException {
        // A strict decoder: silently replacing bad bytes would corrupt ids and labels.
        return new BufferedReader(new InputStreamReader(open(path),
            StandardCharsets.UTF_8.newDecoder()), BUFFER_BYTES);
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }
}
