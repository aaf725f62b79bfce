package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link DatasetReader} picks a format, and what it says when it cannot. */
class DatasetReaderTest {

    @TempDir
    Path dir;

    @Test
    void missingPathIsAClearError() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> DatasetReader.read(missing))
            .isInstanceOf(NoSuchFileException.class)
            .hasMessageContaining("nope.csv")
            .hasMessageContaining("dataset not found");
    }

    @Test
    void unknownExtensionIsAClearError() throws IOException {
        Path parquet = Files.writeString(dir.resolve("data.parquet"), "PAR1");

        assertThatThrownBy(() -> DatasetReader.read(parquet))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("unknown dataset format")
            .hasMessageContaining("*.csv");
    }

    @Test
    void negativeLimitIsRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"), "a\n1\n");

        assertThatThrownBy(() -> DatasetReader.read(csv, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
