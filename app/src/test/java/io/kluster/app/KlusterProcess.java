package io.kluster.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged program ({@code kluster.jar}) running in a child JVM, its output in a log file, so
 * that a test can kill it the way an operating system or an orchestrator does.
 */
final class KlusterProcess {

    /** A small child JVM: 512 MB of heap, a quick-starting JIT, one libtorch thread, nothing downloaded. */
    static final List<String> SMALL_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");

    /** Exit status of a JVM killed by SIGKILL: 128 + 9. */
    static final int SIGKILL_EXIT = 137;

    private final Process process;
    private final Path log;

    private KlusterProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java [jvmOptions] -jar kluster.jar [args]} with stdout and stderr going to {@code log}. */
    static KlusterProcess start(List<String> jvmOptions, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        return new KlusterProcess(builder.start(), log);
    }

    /** The shaded jar: the failsafe plugin names it, and a run from the IDE finds it in app/target. */
    static Path jar() {
        String configured = System.getProperty("kluster.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "kluster.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The packaged program is missing: " + jar.toAbsolutePath()
                    + " (run mvn package first)");
        }
        return jar;
    }

    /** Operating-system id of the child. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux), so it gets no
     * chance to flush, commit or close anything, and returns its exit status.
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** Asks the child to stop (SIGTERM, running its shutdown hook), and kills it if it does not within the timeout. */
    int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            return kill();
        }
        return process.exitValue();
    }

    /** Every line the child has logged so far; none when the log cannot be read yet. */
    List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The last {@code lines} lines of the child's log, for assertion messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The resident set size of the child in kB, from /proc/PID/status (VmRSS); -1 where there is no /proc. */
    long residentKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // no /proc (not Linux) or the process is gone
        }
        return -1;
    }
}
