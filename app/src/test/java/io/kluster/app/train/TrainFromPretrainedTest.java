package io.kluster.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.CliRun;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --pretrained DIR}: one pre-training serves several methods, as the quality benchmark runs them. */
class TrainFromPretrainedTest {

    @TempDir
    Path dir;

    private Path data;
    private Path pretrained;

    @BeforeEach
    void pretrainOnce() throws IOException {
        data = BlobsCsv.write(dir, 6, 300, 3);
        pretrained = dir.resolve("ae");
        assertThat(run("train", "--data", data.toString(), "--k", "3", "--method", "ae-kmeans", "--epochs", "10",
                "--widths", "16,2", "--threads", "1", "--out", pretrained.toString()).status()).isZero();
    }

    @Test
    void runsOnlyTheClusteringPhaseOnTheSavedAutoencoder() throws IOException {
        Path dcn = dir.resolve("dcn");
        CliRun r = run("train", "--data", data.toString(), "--k", "3", "--method", "dcn", "--pretrained",
                pretrained.toString(), "--cluster-epochs", "2", "--threads", "1", "--out", dcn.toString());

        assertThat(r.status()).as(r.err()).isZero();
        ModelBundle ae = ModelBundleCodec.load(pretrained);
        ModelBundle trained = ModelBundleCodec.load(dcn);
        assertThat(trained.method()).isEqualTo("dcn");
        assertThat(trained.encoder()).isEqualTo(ae.encoder());
        assertThat(trained.hyperParameters()).containsEntry("pretrained_separately", "true")
                .containsEntry("pretrain_epochs", "10").containsEntry("training_records", "300");
        assertThat(trained.encoderParameters()).as("DCN fine-tuned the encoder").isNotEqualTo(ae.encoderParameters());
    }

    @Test
    void preTrainingFlagsBesideAPretrainedModelAreAUsageError() {
        CliRun r = run("train", "--data", data.toString(), "--k", "3", "--pretrained", pretrained.toString(),
                "--widths", "32,4");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--pretrained").doesNotContain("Exception");
    }

    @Test
    void aMissingOrMismatchedPretrainedModelIsAOneLineError() throws IOException {
        CliRun missing = run("train", "--data", data.toString(), "--k", "3", "--pretrained",
                dir.resolve("nothing").toString());
        Path wider = BlobsCsv.write(dir, 7, 60, 3);
        CliRun mismatched = run("train", "--data", wider.toString(), "--k", "3", "--pretrained", pretrained.toString());

        for (CliRun r : new CliRun[] {missing, mismatched}) {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception");
        }
        assertThat(missing.err()).contains("not found");
        assertThat(mismatched.err()).contains("7 features").contains("takes 6");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
