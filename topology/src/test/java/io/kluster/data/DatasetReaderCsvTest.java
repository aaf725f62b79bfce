package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of reading CSV datasets: header line, optional id and label columns. */
class DatasetReaderCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsIdLabelAndFeatureColumnsInAnyOrder() throws IOException {
        Path csv = write("iris.csv",
            "x,label,id,y,z",
            "1.5,setosa,r1,2,3",
            "-4,virginica,r2,5e-1,6");

        Dataset dataset = DatasetReader.read(csv);

        assertThat(dataset.ids()).containsExactly("r1", "r2");
        assertThat(dataset.labels()).containsExactly("setosa", "virginica");
        assertThat(dataset.dimension()).isEqualTo(3);
        assertThat(dataset.features()[0]).containsExactly(1.5f, 2f, 3f);
        assertThat(dataset.features()[1]).containsExactly(-4f, 0.5f, 6f);
    }

    @Test
    void withoutIdColumnUsesTheRowNumberAndWithoutLabelColumnHasNoLabels() throws IOException {
        Path csv = write("plain.csv", "a,b,c", "1,2,3", "", "4,5,6");

        Dataset dataset = DatasetReader.read(csv);

        assertThat(dataset.ids()).containsExactly("0", "1");
        assertThat(dataset.hasLabels()).isFalse();
        assertThat(dataset.features()).hasDimensions(2, 3);
    }

    @Test
    void emptyLabelCellIsANullLabel() throws IOException {
        Path csv = write("partial.csv", "label,a,b,c", "cat,1,2,3", ",4,5,6");

        assertThat(DatasetReader.read(csv).labels()).containsExactly("cat", null);
    }

    @Test
    void toleratesQuotedHeaderNamesSpacesAndAByteOrderMark() throws IOException {
        Path csv = write("quoted.csv", "\uFEFF\"id\", \"Label\" ,\"f1\",\"f2\",\"f3\"", "a, 1 ,1,2,3");

        Dataset dataset = DatasetReader.read(csv);

        assertThat(dataset.ids()).containsExactly("a");
        assertThat(dataset.labels()).containsExactly("1");
        assertThat(dataset.features()[0]).containsExactly(1f, 2f, 3f);
    }

    @Test
    void limitStopsReading() throws IOException {
        Path csv = write("many.csv", "a,b,c", "1,2,3", "4,5,6", "not,even,numbers");

        assertThat(DatasetReader.read(csv, 2).size()).isEqualTo(2);
    }

    @Test
    void nonNumericFeatureNamesLineAndColumn() throws IOException {
        Path csv = write("bad.csv", "id,a,b,c", "r1,1,2,3", "r2,4,five,6");

        assertThatThrownBy(() -> DatasetReader.read(csv))
            .isInstanceOf(IOException.class)
            .hasMessageEndingWith("bad.csv line 3, column 3 (b): 'five' is not a number");
    }

    @Test
    void nonFiniteFeatureIsRejected() throws IOException {
        Path csv = write("nan.csv", "a,b,c", "1,NaN,3");

        assertThatThrownBy(() -> DatasetReader.read(csv))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("line 2, column 2 (b): 'NaN' is not a finite float");
    }

    @Test
    void wrongColumnCountNamesTheLine() throws IOException {
        Path csv = write("short.csv", "a,b,c", "1,2,3", "1,2");

        assertThatThrownBy(() -> DatasetReader.read(csv))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("line 3: expected 3 columns as in the header, got 2");
    }

    @Test
    void headerWithoutFeatureColumnsIsRejected() throws IOException {
        Path csv = write("labels-only.csv", "id,label", "a,1");

        assertThatThrownBy(() -> DatasetReader.read(csv))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("no feature columns");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path csv = write("empty.csv");

        assertThatThrownBy(() -> DatasetReader.read(csv))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("empty CSV file");
    }

    @Test
    void gzippedCsvIsReadToo() throws IOException {
        Path csv = IdxFiles.write(dir.resolve("small.csv.gz"),
            "a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8));

        assertThat(DatasetReader.read(csv).features()[0]).containsExactly(1f, 2f, 3f);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
}
