package io.kluster.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.CliRun;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}, {@code evaluate} and {@code kmeans} on files of named-field events, CSV and JSONL. */
class NamedFieldEventsCommandsTest {

    @TempDir
    Path dir;

    /** Three segments in a CSV as a spreadsheet writes it: quoted notes with commas, NA and empty cells. */
    private Path ordersCsv(int n) throws IOException {
        SplittableRandom random = new SplittableRandom(6);
        List<String> lines = new ArrayList<>();
        lines.add("order_id,Amount (EUR),country,vip,note,latency_ms,label");
        String[] countries = {"DE", "FR", "JP"};
        String[] notes = {"\"coupon, sale, cheap\"", "\"invoice, po 7, vat\"", "\"gift wrap, birthday\""};
        for (int i = 0; i < n; i++) {
            int g = i % 3;
            double amount = Math.round(Math.exp(2 + 2.5 * g + random.nextDouble(-0.4, 0.4)) * 100) / 100.0;
            String latency = random.nextInt(6) == 0 ? "NA" : String.valueOf(random.nextInt(50, 900));
            String note = random.nextInt(5) == 0 ? "" : notes[g];
            lines.add("o-" + i + "," + amount + "," + countries[g] + "," + (g == 2) + "," + note + "," + latency + ",s" + g);
        }
        Path file = dir.resolve("orders.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void trainFitsASchemaShipsItInTheModelAndByDefaultClustersExactlyAsKMeansOnTheEncodedFields() throws IOException {
        Path data = ordersCsv(300);
        Path model = dir.resolve("model");

        JsonNode trained = json("train", "--data", data.toString(), "--k", "3", "--out", model.toString(), "--json",
                "-D", "kluster.input.id.field=order_id");
        JsonNode kmeans = json("kmeans", "--data", data.toString(), "--k", "3", "--restarts", "10", "--seed", "42",
                "--json", "-D", "kluster.input.id.field=order_id");

        ModelBundle bundle = ModelBundleCodec.load(model);
        assertThat(bundle.schema().names()).containsExactly("Amount (EUR)", "country", "vip", "note", "latency_ms");
        assertThat(bundle.encoder().identity()).as("auto: few, narrow records get no encoder").isTrue();
        assertThat(trained.path("hyper_parameters").path("encoder").asText()).isEqualTo("none");
        assertThat(kmeans.path("method").asText()).isEqualTo("kmeans-encoded");
        assertThat(trained.path("acc").asDouble()).isEqualTo(kmeans.path("acc").asDouble()).isGreaterThan(0.95);
        assertThat(trained.path("nmi").asDouble()).isEqualTo(kmeans.path("nmi").asDouble());
    }

    @Test
    void evaluateReadsEventsWithTheModelsSchemaAndSaysWhatEachClusterIs() throws IOException {
        Path data = ordersCsv(300);
        Path model = dir.resolve("model");
        assertThat(CliRun.of("train", "--data", data.toString(), "--k", "3", "--out", model.toString()).status()).isZero();
        Path jsonl = dir.resolve("more.jsonl");
        Files.writeString(jsonl, "{\"id\": \"x1\", \"Amount (EUR)\": 2000, \"country\": \"JP\", \"vip\": true, "
                + "\"label\": \"s2\", \"unknown\": [1]}\n{\"id\": \"x2\", \"Amount (EUR)\": 7.5, \"country\": \"Mars\", "
                + "\"label\": \"s0\"}\n");

        JsonNode report = json("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        JsonNode other = json("evaluate", "--model", model.toString(), "--data", jsonl.toString(), "--json");

        assertThat(report.path("clusters").size()).isEqualTo(3);
        List<String> descriptions = new ArrayList<>();
        report.path("clusters").forEach(c -> descriptions.add(c.path("description").asText()));
        assertThat(String.join(" | ", descriptions)).contains("country=DE", "country=FR", "country=JP");
        JsonNode line = report.path("clusters").get(0).path("profile").get(0);
        assertThat(line.has("field") && line.has("strength") && line.has("in_cluster") && line.has("overall")).isTrue();
        assertThat(other.path("n").asInt()).as("a JSONL file, an unseen category, an unknown field").isEqualTo(2);
    }

    @Test
    void aBadEventOrAModelOfAnotherKindIsOneClearLineAndExitStatusTwo() throws IOException {
        Path data = ordersCsv(60);
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": \"a\", \"amount\": 1}\n[1, 2]\n");
        Path vectors = dir.resolve("vectors.csv");
        Files.writeString(vectors, "f0,f1,label\n0,0,a\n0,1,a\n5,5,b\n5,6,b\n9,9,c\n9,8,c\n");
        Path vectorModel = dir.resolve("vector-model");
        assertThat(CliRun.of("train", "--data", vectors.toString(), "--k", "3", "--out", vectorModel.toString()).status())
                .isZero();

        CliRun notAnObject = CliRun.of("train", "--data", bad.toString(), "--k", "2");
        CliRun wrongType = CliRun.of("train", "--data", data.toString(), "--k", "3", "-D",
                "kluster.input.fields=country:numeric");
        CliRun mismatch = CliRun.of("evaluate", "--model", vectorModel.toString(), "--data", data.toString());

        assertThat(notAnObject.status()).isEqualTo(2);
        assertThat(notAnObject.errLines()).hasSize(1);
        assertThat(notAnObject.err()).contains("line 2", "not-an-object").doesNotContain("Exception");
        assertThat(wrongType.status()).isEqualTo(2);
        assertThat(wrongType.err()).contains("wrong-field-type", "country");
        assertThat(mismatch.status()).isEqualTo(2);
        assertThat(mismatch.errLines()).hasSize(1);
    }

    private static JsonNode json(String... args) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            CliRun run = CliRun.of(args);
            assertThat(run.status()).as(run.err()).isZero();
        } finally {
            System.setOut(original);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
