package io.edgecv.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings handed to {@link BackendProvider#open}: a thread count every backend understands, and named
 * backend-specific properties (for ONNX Runtime {@code onnx.providers = CUDA,CPU} or
 * {@code onnx.optimization = all}; each backend documents its own keys, prefixed by its name).
 *
 * <p>Thread-safety: immutable.
 */
public final class BackendOptions {
    private static final BackendOptions DEFAULTS = new BackendOptions(0, Map.of());

    private final int threads;
    private final Map<String, String> properties;

    private BackendOptions(int threads, Map<String, String> properties) {
        this.threads = threads;
        this.properties = properties;
    }

    /** @return no thread count (the runtime's default) and no properties */
    public static BackendOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param threads intra-op threads; 0 lets the runtime choose
     * @param properties backend-specific settings, copied
     * @return the options
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public static BackendOptions of(int threads, Map<String, String> properties) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (runtime default) or more, got " + threads);
        }
        return new BackendOptions(threads,
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(properties, "properties"))));
    }

    /** @return intra-op threads; 0 means the runtime's default */
    public int threads() {
        return threads;
    }

    /** @return every property, unmodifiable */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * @param key property name
     * @param fallback value when absent
     * @return the property's value, or {@code fallback}
     */
    public String property(String key, String fallback) {
        return properties.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        return "BackendOptions[threads=" + threads + ", " + properties + "]";
    }
}
