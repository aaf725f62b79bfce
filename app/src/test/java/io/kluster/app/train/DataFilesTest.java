package io.kluster.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a data file whose format is not set is told to hold named-field events or feature vectors. */
class DataFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void aJsonlFileHoldsEventsWhenItsFirstRecordHasNoFeaturesArray() throws IOException {
        assertThat(DataFiles.holdsEvents(file("v.jsonl", "\n{\"id\": 1, \"features\": [1, 2]}\n"))).isFalse();
        assertThat(DataFiles.holdsEvents(file("e.jsonl", "{\"id\": 1, \"amount\": 2, \"country\": \"DE\"}\n"))).isTrue();
    }

    @Test
    void aCsvFileHoldsEventsWhenACellOutsideTheIdAndLabelIsEmptyOrNotANumber() throws IOException {
        assertThat(DataFiles.holdsEvents(file("v.csv", "id,f0,f1,label\na,1,2.5,x\nb,3,4,y\n"))).isFalse();
        assertThat(DataFiles.holdsEvents(file("s.csv", "f0,country,label\n1,DE,x\n"))).isTrue();
        assertThat(DataFiles.holdsEvents(file("m.csv", "f0,f1,label\n1,,x\n"))).isTrue();
        assertThat(DataFiles.holdsEvents(file("n.csv", "f0,f1\n1,NA\n"))).isTrue();
        assertThat(DataFiles.holdsEvents(file("q.csv", "f0,note\n1,\"gift, wrap\"\n"))).isTrue();
    }

    @Test
    void otherFilesAndFoldersAreVectors() throws IOException {
        assertThat(DataFiles.holdsEvents(dir)).isFalse();
        assertThat(DataFiles.holdsEvents(file("x.bin", "{\"a\": 1}"))).isFalse();
        assertThat(DataFiles.holdsEvents(file("broken.jsonl", "{\"a\": "))).as("left to the vector reader to explain")
                .isFalse();
    }
}
