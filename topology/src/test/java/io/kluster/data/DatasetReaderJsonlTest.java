package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of reading JSONL datasets: one input-format JSON object per line. */
class DatasetReaderJsonlTest {

    @TempDir
    Path dir;

    @Test
    void readsOneRecordPerLineSkippingBlankLines() throws IOException {
        Path jsonl = write("data.jsonl",
            "{\"id\":\"a\",\"features\":[1,2,3],\"label\":1}",
            "",
            "   ",
            "{\"id\":\"b\",\"features\":[4,5,6],\"label\":\"two\"}");

        Dataset dataset = DatasetReader.read(jsonl);

        assertThat(dataset.ids()).containsExactly("a", "b");
        assertThat(dataset.labels()).containsExactly("1", "two");
        assertThat(dataset.features()[1]).containsExactly(4f, 5f, 6f);
    }

    @Test
    void readsWhatTheCodecWrites() throws IOException {
        List<FeatureRecord> records = List.of(
            new FeatureRecord("p", new float[] {0.1f, 0.2f, 0.3f}, "x"),
            new FeatureRecord("q", new float[] {1e-7f, -3f, 42f}, null));
        Path jsonl = dir.resolve("codec.jsonl");
        for (FeatureRecord record : records) {
            Files.write(jsonl, FeatureRecordCodec.toJson(record), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(jsonl, "\n", java.nio.file.StandardOpenOption.APPEND);
        }

        Dataset dataset = DatasetReader.read(jsonl);

        assertThat(dataset.record(0)).isEqualTo(records.get(0));
        assertThat(dataset.record(1)).isEqualTo(records.get(1));
    }

    @Test
    void withoutAnyLabelHasNoLabelsAndWithoutIdUsesTheRowNumber() throws IOException {
        Path jsonl = write("unlabelled.json", "{\"features\":[1]}", "{\"features\":[2]}");

        Dataset dataset = DatasetReader.read(jsonl);

        assertThat(dataset.hasLabels()).isFalse();
        assertThat(dataset.ids()).containsExactly("0", "1");
    }

    @Test
    void limitStopsReading() throws IOException {
        Path jsonl = write("limited.jsonl", "{\"id\":\"a\",\"features\":[1]}", "{\"id\":\"b\",\"features\":[2]}", "garbage");

        assertThat(DatasetReader.read(jsonl, 2).ids()).containsExactly("a", "b");
    }

    @Test
    void badLineNamesTheLineNumberAndReason() throws IOException {
        Path jsonl = write("bad.jsonl", "{\"id\":\"a\",\"features\":[1]}", "", "{\"id\":\"b\",\"features\":[NaN]}");

        assertThatThrownBy(() -> DatasetReader.read(jsonl))
            .isInstanceOf(IOException.class)
            .hasMessageEndingWith("bad.jsonl line 3: non-finite-feature: features[0] is NaN");
    }

    @Test
    void differingDimensionsNameTheLine() throws IOException {
        Path jsonl = write("ragged.jsonl", "{\"id\":\"a\",\"features\":[1,2]}", "{\"id\":\"b\",\"features\":[1,2,3]}");

        assertThatThrownBy(() -> DatasetReader.read(jsonl))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("line 2: expected 2 features like the first record, got 3");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
}
