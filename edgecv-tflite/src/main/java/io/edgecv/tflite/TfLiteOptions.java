package io.edgecv.tflite;

import io.edgecv.spi.BackendOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tflite.*} backend properties, parsed and checked once per {@link TfLiteBackendProvider#open}.
 *
 * <p>Thread-safety: immutable.
 */
final class TfLiteOptions {
    static final String NUM_THREADS = "tflite.num_threads";
    static final String XNNPACK = "tflite.xnnpack";
    static final String XNNPACK_QU8 = "tflite.xnnpack.qu8";
    static final String ALLOW_FP16 = "tflite.allow_fp16";
    static final String PROBE = "tflite.probe";
    static final String PROBE_TIMEOUT = "tflite.probe.timeout_ms";

    private static final Set<String> KEYS = Set.of(NUM_THREADS, XNNPACK, XNNPACK_QU8, ALLOW_FP16, PROBE,
            PROBE_TIMEOUT);

    final int threads;
    final boolean xnnpack;
    final boolean xnnpackQu8;
    final boolean allowFp16;
    final boolean probe;
    final long probeTimeoutMillis;

    private TfLiteOptions(int threads, boolean xnnpack, boolean xnnpackQu8, boolean allowFp16, boolean probe,
                          long probeTimeoutMillis) {
        this.threads = threads;
        this.xnnpack = xnnpack;
        this.xnnpackQu8 = xnnpackQu8;
        this.allowFp16 = allowFp16;
        this.probe = probe;
        this.probeTimeoutMillis = probeTimeoutMillis;
    }

    /**
     * @param options the options given to the backend
     * @return the parsed settings
     * @throws IllegalArgumentException naming an unknown {@code tflite.*} key or a bad value
     */
    static TfLiteOptions parse(BackendOptions options) {
        for (Map.Entry<String, String> e : options.properties().entrySet()) {
            if (e.getKey().startsWith("tflite.") && !KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown TFLite backend property " + e.getKey() + "; known: "
                        + KEYS);
            }
        }
        String t = options.property(NUM_THREADS, null);
        int threads;
        if (t != null) {
            try {
                threads = Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                threads = -1;
            }
            if (threads < 1) {
                throw new IllegalArgumentException(NUM_THREADS + "=" + t + " must be a whole number of at least 1");
            }
        } else {
            threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        }
        String probe = options.property(PROBE, "process").trim().toLowerCase(Locale.ROOT);
        if (!probe.equals("process") && !probe.equals("none")) {
            throw new IllegalArgumentException(PROBE + "=" + probe + " must be 'process' (load the model once in"
                    + " a separate JVM before this one) or 'none' (only for files you trust)");
        }
        String timeout = options.property(PROBE_TIMEOUT, "120000");
        long millis;
        try {
            millis = Long.parseLong(timeout.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 1) {
            throw new IllegalArgumentException(PROBE_TIMEOUT + "=" + timeout + " must be a positive number of"
                    + " milliseconds");
        }
        return new TfLiteOptions(threads, bool(options, XNNPACK, true), bool(options, XNNPACK_QU8, false),
                bool(options, ALLOW_FP16, false), probe.equals("process"), millis);
    }

    private static boolean bool(BackendOptions options, String key, boolean fallback) {
        String v = options.property(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException(key + "=" + v + " must be true or false");
        }
    }

    /** @return one thread, TFLite's reference kernels only: the settings of the shape check */
    static TfLiteOptions reference() {
        return new TfLiteOptions(1, false, false, false, false, 1);
    }

    /** @return the settings as probe process arguments, in {@link #fromArgs} order */
    String[] toArgs() {
        return new String[] {String.valueOf(threads), String.valueOf(xnnpack), String.valueOf(xnnpackQu8),
            String.valueOf(allowFp16)};
    }

    static TfLiteOptions fromArgs(String[] a, int from) {
        return new TfLiteOptions(Integer.parseInt(a[from]), Boolean.parseBoolean(a[from + 1]),
                Boolean.parseBoolean(a[from + 2]), Boolean.parseBoolean(a[from + 3]), false, 1);
    }

    @Override
    public String toString() {
        return "threads=" + threads + ", xnnpack=" + xnnpack + (xnnpackQu8 ? " (qu8)" : "") + ", allow_fp16="
                + allowFp16 + ", probe=" + (probe ? "process" : "none");
    }
}
