package io.kluster.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which methods HotSpot's optimising compiler (C2) may compile in this process.
 *
 * <p>C2 compiles what a backlog and then a live stream run, on the cores those need. On a host of
 * two cores that took a third of a short run's CPU against a separate broker, where C1's code ran
 * the rest of the run at less CPU per record; but in one process with the broker (demo, bench) C2's
 * code ran JSON 1.6 times as fast once compiled (bench/results/performance.md). So {@link #ALL}, the
 * JVM's default, stays the default, and {@link #TRAINING} is there for small hosts whose runs are
 * short or whose broker is elsewhere: it keeps C2 for the training code, whose numeric loops
 * (k-means, the mixture, UMAP) run faster on it, unlike under {@code -XX:TieredStopAtLevel=1}.
 * A JVM cannot set that flag for itself, but it can install compiler directives (JEP 165) through its
 * diagnostic command MBean, which is what {@link #install} does.
 */
public enum CompilerPolicy {

    /** The JVM's default: C2 compiles whatever is hot. */
    ALL,
    /** C2 compiles only the training code ({@link #TRAINING_CODE}); the rest runs C1's code. */
    TRAINING;

    /** Method patterns (JEP 165 syntax) of the code C2 still compiles under {@link #TRAINING}. */
    static final List<String> TRAINING_CODE = List.of("io/kluster/cluster/*.*", "io/kluster/manifold/*.*",
            "io/kluster/model/*.*", "tagbio/*.*", "org/apache/commons/math3/*.*");

    private static final Logger LOG = LoggerFactory.getLogger(CompilerPolicy.class);
    private static final Pattern ADDED = Pattern.compile("(\\d+) compiler directives added");
    // Directives belong to the JVM, not to an instance: a process that starts several instances installs them once.
    private static final AtomicReference<CompilerPolicy> INSTALLED = new AtomicReference<>();

    /** The name used in configuration, e.g. {@code training}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a policy, ignoring case; the configuration's validator has already checked the name. */
    public static CompilerPolicy parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The compiler directives of this policy, as a JSON array: the training code first with C2
     * allowed, then every other method with C2 excluded (the first matching directive applies).
     * Empty for {@link #ALL}.
     */
    String directives() {
        if (this == ALL) {
            return "";
        }
        String training = TRAINING_CODE.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
        return "[{\"match\": [" + training + "], \"c2\": {\"Exclude\": false}},"
                + " {\"match\": \"*.*\", \"c2\": {\"Exclude\": true}}]";
    }

    /**
     * Installs this policy's directives, once per JVM; a later call with another policy changes
     * nothing and says so. A JVM without HotSpot's diagnostic commands keeps its default, with a
     * warning: the stream runs either way.
     *
     * @return the policy in force
     */
    public CompilerPolicy install() {
        if (!INSTALLED.compareAndSet(null, this)) {
            CompilerPolicy current = INSTALLED.get();
            if (current != this) {
                LOG.warn("This JVM already runs with {}={}; {} takes effect on a restart", KlusterConfig.JIT_C2,
                        current.id(), id());
            }
            return current;
        }
        if (this == ALL) {
            return ALL;
        }
        try {
            int added = addDirectives(directives());
            LOG.info("{}={}: C2 compiles the training code only, the stream runs C1's code ({} directives)",
                    KlusterConfig.JIT_C2, id(), added);
            return this;
        } catch (IOException | JMException | RuntimeException e) {
            LOG.warn("Could not install compiler directives ({}); C2 compiles as the JVM decides", e.getMessage());
            INSTALLED.set(ALL);
            return ALL;
        }
    }

    /**
     * Adds compiler directives to this JVM (jcmd's {@code Compiler.directives_add}) and returns how
     * many it added.
     *
     * @throws IllegalArgumentException when the JVM refuses them
     */
    static int addDirectives(String json) throws IOException, JMException {
        Path file = Files.createTempFile("kluster-compiler-directives", ".json");
        try {
            Files.writeString(file, json);
            String reply = String.valueOf(diagnosticCommand("compilerDirectivesAdd", file.toString()));
            Matcher added = ADDED.matcher(reply);
            if (!added.find()) {
                throw new IllegalArgumentException("the JVM refused them: " + reply.strip());
            }
            return Integer.parseInt(added.group(1));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Removes the directive added last (jcmd's {@code Compiler.directives_remove}). */
    static void removeLatestDirective() throws JMException {
        diagnosticCommand("compilerDirectivesRemove");
    }

    private static Object diagnosticCommand(String operation, String... arguments) throws JMException {
        return ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
    }
}
