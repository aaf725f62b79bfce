package io.kluster.app;

import io.kluster.app.broker.BrokerCommand;
import io.kluster.app.demo.BenchCommand;
import io.kluster.app.demo.DemoCommand;
import io.kluster.app.demo.FeedCommand;
import io.kluster.app.train.EvaluateCommand;
import io.kluster.app.train.KMeansCommand;
import io.kluster.app.train.TrainCommand;
import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kluster} program: online deep clustering of a Kafka stream. */
@Command(name = "kluster",
        mixinStandardHelpOptions = true,
        versionProvider = Kluster.Version.class,
        description = "Online deep clustering of a Kafka stream: every record tagged with a cluster, in real time.",
        subcommands = {DemoCommand.class, RunCommand.class, TrainCommand.class, EvaluateCommand.class, KMeansCommand.class,
            BrokerCommand.class, FeedCommand.class, BenchCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class Kluster {

    /** Runs the program and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the program and returns its exit status (0 ok, 1 failure, 2 bad usage or input). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the program with the given console streams and returns its exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        NativeDefaults.apply();
        CommandLine cli = new CommandLine(new Kluster());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Kluster::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, args));
        try {
            return cli.execute(args);
        } catch (Throwable e) {
            // Errors (a native library that fails to load, memory) bypass picocli's handler; still one line.
            LoggerFactory.getLogger(Kluster.class).debug("Command failed", e);
            err.println("kluster: error: " + oneLine(String.valueOf(e)));
            err.flush();
            return 1;
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        // picocli quotes unknown arguments back, and a -D argument may carry a password.
        err.println(cli.getCommandName() + ": " + Secrets.redact(e.getMessage(), args) + " (see '" + qualifiedName(cli)
                + " --help')");
        err.flush();
        return 2;
    }

    private static int failure(Exception e, CommandLine cli, String[] args) {
        PrintWriter err = cli.getErr();
        LoggerFactory.getLogger(Kluster.class).debug("Command failed", e);
        boolean userError = e instanceof UserException || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(cli.getCommandName() + ": " + (userError ? "" : "error: ") + oneLine(Secrets.redact(message, args)));
        err.flush();
        return userError ? 2 : 1;
    }

    private static String oneLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String qualifiedName(CommandLine cli) {
        StringBuilder name = new StringBuilder(cli.getCommandName());
        for (CommandLine parent = cli.getParent(); parent != null; parent = parent.getParent()) {
            name.insert(0, parent.getCommandName() + " ");
        }
        return name.toString();
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Kluster.class.getPackage().getImplementationVersion();
            return new String[] {"kluster " + (version == null ? "development build" : version)};
        }
    }
}
