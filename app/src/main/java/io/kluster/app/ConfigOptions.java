package io.kluster.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the topology: a properties file and single overrides. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with any kluster.* setting and any Kafka Streams or client setting.")
    Path file;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "One setting, as in the properties file; wins over the file and the environment.")
    Map<String, String> overrides = new HashMap<>();

    /** The configuration: file, then KLUSTER_* environment variables, then overrides and {@code flags}. */
    public KlusterConfig resolve(Map<String, Object> flags) {
        Properties fromFile = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new UserException("config file not found: " + file);
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        }
        Map<String, Object> merged = new HashMap<>(overrides);
        merged.putAll(flags);
        return KlusterConfig.resolve(fromFile, System.getenv(), merged);
    }
}
