package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of reading MNIST-style IDX files, plain or gzipped, alone or by folder. */
class DatasetReaderIdxTest {

    /** Three 2x2 images; pixel values chosen so scaling is exact enough to compare. */
    private static final int[][] IMAGES = {{0, 255, 51, 102}, {255, 255, 0, 0}, {1, 2, 3, 4}};

    @TempDir
    Path dir;

    @Test
    void readsPlainImagesWithTheirTwinLabels() throws IOException {
        IdxFiles.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), 9, 0, 255);

        Dataset dataset = DatasetReader.read(dir.resolve("t10k-images-idx3-ubyte"));

        assertThat(dataset.size()).isEqualTo(3);
        assertThat(dataset.dimension()).isEqualTo(4);
        assertThat(dataset.ids()).containsExactly("t10k-0", "t10k-1", "t10k-2");
        assertThat(dataset.labels()).containsExactly("9", "0", "255");
        assertThat(dataset.features()[0]).containsExactly(0f, 1f, 51 / 255f, 102 / 255f);
        assertThat(dataset.features()[2]).containsExactly(1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f);
    }

    @Test
    void readsGzippedImagesWithGzippedLabels() throws IOException {
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), 1, 2, 3);

        Dataset dataset = DatasetReader.read(dir.resolve("train-images-idx3-ubyte.gz"));

        assertThat(dataset.ids()).containsExactly("train-0", "train-1", "train-2");
        assertThat(dataset.labels()).containsExactly("1", "2", "3");
        assertThat(dataset.features()[1]).containsExactly(1f, 1f, 0f, 0f);
    }

    @Test
    void findsAnUncompressedTwinForGzippedImages() throws IOException {
        IdxFiles.writeImages(dir.resolve("x-images-idx3-ubyte.gz"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("x-labels-idx1-ubyte"), 4, 5, 6);

        assertThat(DatasetReader.read(dir.resolve("x-images-idx3-ubyte.gz")).labels()).containsExactly("4", "5", "6");
    }

    @Test
    void readsEveryImagesFileInAFolderInNameOrder() throws IOException {
        // Written out of order, and mixing compression, as a downloaded folder may be.
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 2, 2, new int[][] {{10, 10, 10, 10}});
        IdxFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), 7);
        IdxFiles.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), 9, 0, 1);
        Files.writeString(dir.resolve("README.md"), "not a dataset");

        Dataset dataset = DatasetReader.read(dir);

        assertThat(dataset.ids()).containsExactly("t10k-0", "t10k-1", "t10k-2", "train-0");
        assertThat(dataset.labels()).containsExactly("9", "0", "1", "7");
        assertThat(dataset.features()[3]).containsExactly(10 / 255f, 10 / 255f, 10 / 255f, 10 / 255f);
    }

    @Test
    void limitStopsAcrossFiles() throws IOException {
        IdxFiles.writeImages(dir.resolve("a-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("a-labels-idx1-ubyte"), 1, 2, 3);
        IdxFiles.writeImages(dir.resolve("b-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("b-labels-idx1-ubyte"), 4, 5, 6);

        assertThat(DatasetReader.read(dir, 2).ids()).containsExactly("a-0", "a-1");
        assertThat(DatasetReader.read(dir, 4).ids()).containsExactly("a-0", "a-1", "a-2", "b-0");
        assertThat(DatasetReader.read(dir, 4).labels()).containsExactly("1", "2", "3", "4");
        assertThat(DatasetReader.read(dir, 0).size()).isZero();
    }

    @Test
    void limitDoesNotReadPastTheRowsItNeeds() throws IOException {
        // The header promises 1,000 images but only three are present: reading two must succeed.
        Path images = dir.resolve("big-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(IdxFiles.writeImages(images, 2, 2, IMAGES));
        full[7] = (byte) 0xE8; // count 3 -> 0x3E8 = 1000
        full[6] = 0x03;
        IdxFiles.write(images, full);

        assertThat(DatasetReader.read(images, 2).size()).isEqualTo(2);
    }

    @Test
    void imagesWithoutTwinAreUnlabelled() throws IOException {
        Path images = IdxFiles.writeImages(dir.resolve("solo-images-idx3-ubyte"), 2, 2, IMAGES);

        Dataset dataset = DatasetReader.read(images);

        assertThat(dataset.hasLabels()).isFalse();
        assertThat(dataset.labels()).isNull();
    }

    @Test
    void fileWithoutPrefixUsesTheRunningIndexAsId() throws IOException {
        Path images = IdxFiles.writeImages(dir.resolve("images-idx3-ubyte"), 2, 2, IMAGES);

        assertThat(DatasetReader.read(images).ids()).containsExactly("0", "1", "2");
    }

    @Test
    void anyImageSizeIsAccepted() throws IOException {
        int[][] images = {{1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1}};
        Path file = IdxFiles.writeImages(dir.resolve("wide-images-idx3-ubyte"), 2, 3, images);

        assertThat(DatasetReader.read(file).dimension()).isEqualTo(6);
    }

    @Test
    void unknownMagicIsAClearError() throws IOException {
        Path file = IdxFiles.write(dir.resolve("bad-images-idx3-ubyte"), new byte[] {0, 0, 8, 2, 0, 0, 0, 0});

        assertThatThrownBy(() -> DatasetReader.read(file))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("not an IDX images file: magic 0x00000802, expected 0x00000803");
    }

    @Test
    void labelsFileWithImagesMagicIsAClearError() throws IOException {
        IdxFiles.writeImages(dir.resolve("m-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeImages(dir.resolve("m-labels-idx1-ubyte"), 2, 2, IMAGES);

        assertThatThrownBy(() -> DatasetReader.read(dir))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("not an IDX labels file");
    }

    @Test
    void truncatedImagesAreAClearError() throws IOException {
        Path file = dir.resolve("cut-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(IdxFiles.writeImages(file, 2, 2, IMAGES));
        IdxFiles.write(file, Arrays.copyOf(full, full.length - 1));

        assertThatThrownBy(() -> DatasetReader.read(file))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("truncated IDX images file")
            .hasMessageContaining("image 2");
    }

    @Test
    void truncatedHeaderIsAClearError() throws IOException {
        Path file = IdxFiles.write(dir.resolve("short-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});

        assertThatThrownBy(() -> DatasetReader.read(file))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("truncated IDX header");
    }

    @Test
    void tooFewLabelsIsAClearError() throws IOException {
        IdxFiles.writeImages(dir.resolve("f-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeLabels(dir.resolve("f-labels-idx1-ubyte"), 1, 2);

        assertThatThrownBy(() -> DatasetReader.read(dir))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("has 2 labels");
    }

    @Test
    void folderWithoutImagesIsAClearError() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "nothing here");

        assertThatThrownBy(() -> DatasetReader.read(dir))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("no *images-idx3-ubyte[.gz] files");
    }

    @Test
    void filesOfDifferentImageSizesCannotBeMixed() throws IOException {
        IdxFiles.writeImages(dir.resolve("a-images-idx3-ubyte"), 2, 2, IMAGES);
        IdxFiles.writeImages(dir.resolve("b-images-idx3-ubyte"), 1, 1, new int[][] {{1}});

        assertThatThrownBy(() -> DatasetReader.read(dir))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("images have 1 pixels but earlier files have 4");
    }
}
