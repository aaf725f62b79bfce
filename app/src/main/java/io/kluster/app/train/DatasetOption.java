package io.kluster.app.train;

import io.kluster.app.UserException;
import io.kluster.data.Dataset;
import io.kluster.data.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} and {@code --limit} options of the commands that read a dataset. */
final class DatasetOption {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Dataset: an IDX folder or file (.gz or not), a .csv (header; 'label' and 'id' columns "
                    + "optional) or a .jsonl file of input records. Any dimension.")
    Path path;

    @Option(names = "--limit", paramLabel = "N", description = "Read only the first N records.")
    Integer limit;

    Dataset read() {
        if (limit != null && limit < 1) {
            throw new UserException("--limit must be >= 1, got " + limit);
        }
        if (!Files.exists(path)) {
            throw new UserException("no such file or directory: " + path);
        }
        try {
            Dataset data = limit == null ? DatasetReader.read(path) : DatasetReader.read(path, limit);
            if (data.size() == 0) {
                throw new UserException("no records in " + path);
            }
            return data;
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
