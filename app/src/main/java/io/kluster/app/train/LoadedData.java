package io.kluster.app.train;

import io.kluster.data.Dataset;
import io.kluster.data.EventDataset;
import io.kluster.fields.FieldSchema;

/**
 * The records of {@code --data}: feature vectors, or named-field events together with the schema
 * that encoded them into {@code dataset}.
 *
 * @param dataset the records as the encoder reads them
 * @param events the events as read, or null for vectors
 * @param schema the schema that encoded the events, or null for vectors
 */
public record LoadedData(Dataset dataset, EventDataset events, FieldSchema schema) {

    /** Whether the records are named-field events. */
    public boolean namedFields() {
        return schema != null;
    }
}
