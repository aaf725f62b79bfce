package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command-line input gets one clear line on stderr and a non-zero exit, never a stack trace. */
class KlusterCliTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        CliRun r = run("demo", "--no-such-flag");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("Unknown option").contains("kluster demo --help");
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        CliRun r = run("run", "--dimension", "4");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--bootstrap-servers");
    }

    @Test
    void aNonNumericValueIsReportedWithTheOption() {
        CliRun r = run("demo", "--limit", "many");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--limit").contains("many");
    }

    @Test
    void aMissingDatasetIsOneLine() {
        CliRun r = run("demo", "--data", dir.resolve("nothing-here").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("no such file or directory");
    }

    @Test
    void anUnreadableDatasetIsOneLine() throws Exception {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "a,b,label\n1,x,0\n");
        CliRun r = run("demo", "--data", csv.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("broken.csv");
    }

    @Test
    void aMissingModelDirectoryIsOneLine() {
        CliRun r = run("run", "--bootstrap-servers", "127.0.0.1:1", "--model", dir.resolve("none").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("model directory not found");
    }

    @Test
    void anInvalidSettingIsOneLineNamingTheKey() {
        CliRun r = run("run", "--bootstrap-servers", "127.0.0.1:1", "--dimension", "4", "-D", "kluster.batch.size=0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("kluster.batch.size");
    }

    @Test
    void aKThatIsNeitherAutoNorANumberOrMoreThanTheRecordsIsOneLine() throws Exception {
        Path csv = dir.resolve("three.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
        CliRun tooMany = run("demo", "--data", csv.toString(), "--k", "5");
        assertThat(tooMany.status()).isEqualTo(2);
        assertThat(tooMany.errLines()).hasSize(1);
        assertThat(tooMany.err()).contains("fewer than k=5");

        CliRun notAK = run("train", "--data", csv.toString(), "--k", "several");
        assertThat(notAK.status()).isEqualTo(2);
        assertThat(notAK.errLines()).hasSize(1);
        assertThat(notAK.err()).contains("kluster.k").contains("auto or a whole number");
    }

    @Test
    void aMissingConfigFileIsOneLine() {
        CliRun r = run("run", "--bootstrap-servers", "127.0.0.1:1", "--config", dir.resolve("none.properties").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("config file not found");
    }

    @Test
    void runWithoutModelOrDimensionSaysWhatToSet() {
        CliRun r = run("run", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--dimension");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"demo", "run", "train", "evaluate", "kmeans", "broker", "feed", "bench", "config"}) {
            CliRun r = run(command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: kluster " + command);
        }
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
