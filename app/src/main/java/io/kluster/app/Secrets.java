package io.kluster.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Keeps secret setting values out of what Kluster prints. Kafka masks its own password-type
 * settings in logs; this covers the messages Kluster builds from the command line, such as a
 * usage error that quotes the offending {@code -D sasl.jaas.config=...} argument back.
 */
final class Secrets {

    /** What a secret value is replaced with. */
    static final String HIDDEN = "[hidden]";

    private static final List<String> SENSITIVE = List.of("password", "jaas", "secret", "token", "credential");

    private Secrets() {
    }

    /** Whether a setting's value must not be shown: passwords, JAAS configs, secrets, tokens, credentials, keys. */
    static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SENSITIVE.stream().anyMatch(k::contains) || k.endsWith(".key");
    }

    /** {@code text} with the values of every sensitive {@code KEY=VALUE} among {@code args} replaced by [hidden]. */
    static String redact(String text, String... args) {
        if (text == null || args == null) {
            return text;
        }
        List<String> values = new ArrayList<>();
        for (String arg : args) {
            String setting = arg.startsWith("--set=") ? arg.substring("--set=".length())
                    : arg.startsWith("-D") ? arg.substring(2) : arg;
            int eq = setting.indexOf('=');
            if (eq > 0 && eq < setting.length() - 1 && isSensitive(setting.substring(0, eq))) {
                values.add(setting.substring(eq + 1));
            }
        }
        // Longest first, so a value that contains another is hidden whole.
        values.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String value : values) {
            out = out.replace(value, HIDDEN);
        }
        return out;
    }
}
