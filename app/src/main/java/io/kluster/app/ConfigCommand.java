package io.kluster.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kluster config}: prints the configuration reference, the table the README carries. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the reference of every kluster.* setting (key, type, default, valid values, description) "
                + "as a Markdown table.")
public final class ConfigCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(KlusterConfig.markdownTable());
        return 0;
    }
}
