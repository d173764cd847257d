package io.edgecv.tensorrt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a cached engine was built from and for: the model's SHA-256, the precision, the GPU (name and compute
 * capability), the TensorRT version, and the build options that change the engine (shapes, DLA, workspace,
 * optimisation level, calibration set). Two builds with equal keys make interchangeable engines; any difference
 * means the cached engine is stale or foreign and is rebuilt, never run.
 *
 * <p>Thread-safety: immutable.
 */
final class EngineCacheKey {
    /** Bumped when the cache layout or the meaning of a field changes. */
    static final String SCHEMA = "edgecv-tensorrt-engine-1";

    static final String F_SCHEMA = "schema";
    static final String F_MODEL = "model.sha256";
    static final String F_PRECISION = "precision";
    static final String F_CALIBRATION = "calibration";
    static final String F_GPU = "gpu.name";
    static final String F_CC = "gpu.compute_capability";
    static final String F_TRT = "tensorrt.version";
    static final String F_SHAPES = "shapes";
    static final String F_DLA = "dla.core";
    static final String F_FALLBACK = "dla.gpu_fallback";
    static final String F_WORKSPACE = "workspace";
    static final String F_LEVEL = "optimization_level";

    /** The fields a serialized engine depends on regardless of how it was built: checked for any engine file. */
    static final List<String> DEVICE_FIELDS = List.of(F_GPU, F_CC, F_TRT);

    private final Map<String, String> fields;

    private EngineCacheKey(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /**
     * @param modelSha256 hex SHA-256 of the model file's bytes
     * @param options the build options
     * @param device the GPU and TensorRT version
     * @param calibrationDigest digest of the calibration image set for INT8, or {@code none}
     * @return the key
     */
    static EngineCacheKey of(String modelSha256, TensorRtOptions options, DeviceInfo device,
                             String calibrationDigest) {
        Map<String, String> f = new TreeMap<>();
        f.put(F_SCHEMA, SCHEMA);
        f.put(F_MODEL, Objects.requireNonNull(modelSha256, "modelSha256"));
        f.put(F_PRECISION, options.precision().key());
        f.put(F_CALIBRATION, Objects.requireNonNull(calibrationDigest, "calibrationDigest"));
        f.put(F_GPU, device.name());
        f.put(F_CC, device.computeCapability());
        f.put(F_TRT, device.tensorRtVersion());
        f.put(F_SHAPES, options.shapes().canonical());
        f.put(F_DLA, String.valueOf(options.dlaCore()));
        f.put(F_FALLBACK, options.dlaCore() == TensorRtOptions.NO_DLA ? "n/a" : String.valueOf(options.gpuFallback()));
        f.put(F_WORKSPACE, options.workspaceBytes() == 0 ? "default" : String.valueOf(options.workspaceBytes()));
        f.put(F_LEVEL, String.valueOf(options.optimizationLevel()));
        return new EngineCacheKey(f);
    }

    /**
     * @param fields a key's fields, as read back from a sidecar
     * @return the key
     */
    static EngineCacheKey fromFields(Map<String, String> fields) {
        return new EngineCacheKey(fields);
    }

    /** @return the fields, sorted by name */
    Map<String, String> fields() {
        return fields;
    }

    /** @return a stable id: hex SHA-256 of the canonical {@code name=value} lines of every field */
    String id() {
        return hashOf(null);
    }

    /**
     * The id the cache file is named by: every field but the TensorRT version. An engine built by an older
     * TensorRT for the same model, GPU and options therefore sits at the same file name, is found stale by
     * {@link #differences} and is rebuilt in place instead of piling up beside the new one.
     *
     * @return hex SHA-256 of the canonical lines of every field except {@value #F_TRT}
     */
    String fileId() {
        return hashOf(F_TRT);
    }

    private String hashOf(String excluded) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!e.getKey().equals(excluded)) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
        }
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param stored the fields of a cached engine's sidecar (other entries are ignored)
     * @param names the fields to compare
     * @return one line per field that differs, {@code gpu.name: cached 'Orin', here 'RTX 4090'}; empty if none
     */
    List<String> differences(Map<String, String> stored, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String have = fields.get(name);
            String cached = stored.get(name);
            if (!Objects.equals(have, cached)) {
                out.add(name + ": cached '" + cached + "', here '" + have + "'");
            }
        }
        return out;
    }

    /**
     * @param stored the fields of a cached engine's sidecar
     * @return every key field that differs
     */
    List<String> differences(Map<String, String> stored) {
        return differences(stored, new ArrayList<>(fields.keySet()));
    }

    /**
     * @param bytes data
     * @return its SHA-256 as lower-case hex
     */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** @return a new SHA-256 digest */
    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineCacheKey && ((EngineCacheKey) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
