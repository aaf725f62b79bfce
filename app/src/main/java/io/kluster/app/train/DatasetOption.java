package io.kluster.app.train;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} and {@code --limit} options of the commands that read a dataset. */
final class DatasetOption {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Dataset: an IDX folder or file (.gz or not), a .csv (header; 'label' and 'id' columns "
                    + "optional) or a .jsonl file of input records. Any dimension. Named-field events (.jsonl or "
                    + ".csv) with kluster.input.format=fields, or when the file holds no feature vectors.")
    Path path;

    @Option(names = "--limit", paramLabel = "N", description = "Read only the first N records.")
    Integer limit;

    /** The records as named-field events or vectors, as {@link DataFiles#load} reads them. */
    LoadedData load(io.kluster.app.KlusterConfig config, io.kluster.fields.FieldSchema modelSchema) {
        return DataFiles.load(path, limit, config, modelSchema);
    }
}
