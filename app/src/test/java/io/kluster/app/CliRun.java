package io.kluster.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the {@code kluster} command line, with what it wrote to picocli's out
 * and err writers (commands that print results use System.out, which is not captured here).
 */
public record CliRun(int status, String out, String err) {

    /** Runs {@code args} as the command line would. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Kluster.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** The lines written to stderr, without surrounding blank space. */
    public String[] errLines() {
        return err.strip().split("\n");
    }
}
