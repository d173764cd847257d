package io.edgecv.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of {@code edgecv run}, from a YAML file (nested maps) or a {@code .properties} file (dotted keys):
 * both become the same dotted keys, e.g. {@code thermal.warning}. An unknown key is an error (a typo must not be
 * ignored on a device nobody watches); every value is checked where it is read, and the message names the key and
 * the file. See {@code examples/deploy/} for commented samples.
 *
 * <p>Thread-safety: immutable after loading.
 */
final class RunConfig {
    /** Every key {@code edgecv run} reads. */
    static final Set<String> KEYS = Set.of(
            "device", "source", "model", "backend", "threads", "confidence", "max-frames", "skip", "tracker",
            "thermal.source", "thermal.zones", "thermal.hwmon", "thermal.vcgencmd", "thermal.warning",
            "thermal.floor", "thermal.min-factor", "thermal.critical", "thermal.hysteresis", "thermal.interval-ms",
            "power.source", "power.interval-ms",
            "events.file", "events.durability", "events.max-events", "events.max-age-days", "events.batch",
            "sync.sink", "sync.url", "sync.topic", "sync.client-id", "sync.username", "sync.password-env",
            "sync.batch", "sync.timeout-ms", "sync.backoff-initial-ms", "sync.backoff-max-ms",
            "watchdog.mode", "watchdog.hang-timeout-ms", "watchdog.start-timeout-ms", "watchdog.crash-loop",
            "watchdog.backoff-initial-ms", "watchdog.backoff-max-ms", "watchdog.heartbeat-dir", "sys-root");

    private final Path file;
    private final Map<String, String> values;

    RunConfig(Path file, Map<String, String> values) {
        this.file = file;
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": unknown setting(s) " + unknown + "; known: "
                    + new TreeSet<>(KEYS));
        }
        this.values = Map.copyOf(values);
    }

    /**
     * @param file {@code .yaml}, {@code .yml} or {@code .properties}
     * @return the settings
     * @throws IOException when it cannot be read or parsed
     */
    static RunConfig load(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> flat = new TreeMap<>();
        if (name.endsWith(".properties")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                flat.put(k.strip(), p.getProperty(k).strip());
            }
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            JsonNode root;
            try {
                root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            } catch (IOException e) {
                throw new IOException(file + " is not valid YAML: " + e.getMessage(), e);
            }
            if (root != null && !root.isNull()) {
                if (!root.isObject()) {
                    throw new IOException(file + ": the top level must be a map of settings");
                }
                flatten("", root, flat, file);
            }
        } else {
            throw new IllegalArgumentException("config file " + file + " must end in .yaml, .yml or .properties");
        }
        return new RunConfig(file, flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) throws IOException {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key + ".", v, out, file);
            } else if (v.isArray()) {
                StringBuilder b = new StringBuilder();
                for (JsonNode x : v) {
                    b.append(b.length() > 0 ? "," : "").append(x.asText());
                }
                out.put(key, b.toString());
            } else if (!v.isNull()) {
                out.put(key, v.asText());
            }
        }
    }

    Path file() {
        return file;
    }

    boolean has(String key) {
        return values.containsKey(key) && !values.get(key).isEmpty();
    }

    String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(file + ": '" + key + "' is required");
        }
        return v;
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a number, got '" + v + "'");
        }
    }

    long integer(String key, long fallback, long min) {
        String v = values.get(key);
        long n;
        if (v == null || v.isEmpty()) {
            n = fallback;
        } else {
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": '" + key + "' must be a whole number, got '" + v + "'");
            }
        }
        if (n < min) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be at least " + min + ", got " + n);
        }
        return n;
    }

    Duration millis(String key, long fallback) {
        return Duration.ofMillis(integer(key, fallback, 1));
    }

    String choice(String key, String fallback, String... allowed) {
        String v = string(key, fallback).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(file + ": '" + key + "' must be one of " + String.join(", ", allowed)
                + ", got '" + v + "'");
    }
}
