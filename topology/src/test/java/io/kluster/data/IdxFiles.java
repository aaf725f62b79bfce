package io.kluster.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, in the layout of the MNIST distribution. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** Writes {@code images.length} images of {@code rows x cols} unsigned bytes. */
    static Path writeImages(Path file, int rows, int cols, int[][] images) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(DatasetReader.IDX_IMAGES_MAGIC);
            out.writeInt(images.length);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int[] image : images) {
                for (int pixel : image) {
                    out.writeByte(pixel);
                }
            }
        }
        return write(file, bytes.toByteArray());
    }

    /** Writes one unsigned-byte label per entry. */
    static Path writeLabels(Path file, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(DatasetReader.IDX_LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        }
        return write(file, bytes.toByteArray());
    }

    /** Writes raw bytes, gzipping them when the file name ends in {@code .gz}. */
    static Path write(Path file, byte[] content) throws IOException {
        try (OutputStream out = file.getFileName().toString().endsWith(".gz")
            ? new GZIPOutputStream(Files.newOutputStream(file))
            : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
