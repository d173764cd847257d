package io.edgecv;

import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.Thresholds;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.ModelSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configures and opens a {@link Detector}. The model is required ({@code setModel}); everything else is optional
 * ({@code optX}) and defaults to what the model's description says: EdgeCV recognises the SSD, BlazeFace and
 * YOLO families from their tensors and metadata, or reads a {@code <model>.edgecv.properties} file beside it.
 *
 * <p>Thread-safety: not thread-safe; build on one thread.
 */
public final class DetectorBuilder {
    private Path modelPath;
    private byte[] modelBytes;
    private String modelName;
    private String backend;
    private int threads;
    private final Map<String, String> backendProperties = new LinkedHashMap<>();
    private Float confidence;
    private Float iouThreshold;
    private int maxDetections = 100;
    private int[] classes;
    private List<String> labels;
    private Preprocessing preprocessing;
    private Decoder decoder;
    private NmsKind nms;
    private ModelDescription description;

    DetectorBuilder() {
    }

    /**
     * @param file the model file ({@code .onnx}, {@code .tflite}, NCNN {@code .param} with its {@code .bin}
     *             beside it, TensorRT {@code .engine}); its format is read from its first bytes
     * @return this
     */
    public DetectorBuilder setModel(Path file) {
        this.modelPath = Objects.requireNonNull(file, "file");
        this.modelBytes = null;
        return this;
    }

    /**
     * @param bytes the whole model file, not copied
     * @param name a name for messages, such as the original file name
     * @return this
     */
    public DetectorBuilder setModel(byte[] bytes, String name) {
        this.modelBytes = Objects.requireNonNull(bytes, "bytes");
        this.modelName = Objects.requireNonNull(name, "name");
        this.modelPath = null;
        return this;
    }

    /**
     * @param name backend to use ({@code onnx}, {@code tflite}, {@code ncnn}, {@code tensorrt} or an
     *             integrator's); default: the best available one for the model's format
     * @return this
     */
    public DetectorBuilder optBackend(String name) {
        this.backend = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * @param threads intra-op threads of the runtime; 0 (default) lets the runtime choose
     * @return this
     */
    public DetectorBuilder optThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (runtime default) or more, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * @param key a backend-specific setting, prefixed by the backend's name (for example
     *            {@code onnx.providers = CUDA,CPU}); see each backend's documentation
     * @param value its value
     * @return this
     */
    public DetectorBuilder optBackendProperty(String key, String value) {
        backendProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @param threshold scores above it are kept (a score exactly equal is dropped), in [0, 1]; default from the
     *                  model's description
     * @return this
     */
    public DetectorBuilder optConfidence(float threshold) {
        this.confidence = Thresholds.checkUnit("confidence threshold", threshold);
        return this;
    }

    /**
     * @param threshold IoU above which NMS suppresses the lower-scored box, in [0, 1]
     * @return this
     */
    public DetectorBuilder optIouThreshold(float threshold) {
        this.iouThreshold = Thresholds.checkUnit("IoU threshold", threshold);
        return this;
    }

    /**
     * @param max most detections returned per image (default 100)
     * @return this
     */
    public DetectorBuilder optMaxDetections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max detections must be at least 1, got " + max);
        }
        this.maxDetections = max;
        return this;
    }

    /**
     * @param classIds keep only these classes (default: all)
     * @return this
     */
    public DetectorBuilder optClasses(int... classIds) {
        for (int c : classIds) {
            if (c < 0) {
                throw new IllegalArgumentException("class ids are 0 or more, got " + c);
            }
        }
        this.classes = classIds.clone();
        return this;
    }

    /**
     * @param names class names, index = class id, replacing the model's
     * @return this
     */
    public DetectorBuilder optLabels(List<String> names) {
        this.labels = List.copyOf(names);
        return this;
    }

    /**
     * @param spec preprocessing that replaces the model description's
     * @return this
     */
    public DetectorBuilder optPreprocessing(Preprocessing spec) {
        this.preprocessing = Objects.requireNonNull(spec, "spec");
        return this;
    }

    /**
     * @param decoder a decoder for the model's outputs, replacing the family's; pair it with {@link #optNms}
     * @return this
     */
    public DetectorBuilder optDecoder(Decoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /**
     * @param kind how overlapping boxes are merged, replacing the description's
     * @return this
     */
    public DetectorBuilder optNms(NmsKind kind) {
        this.nms = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /**
     * @param description the whole model description, replacing what EdgeCV would find; with {@link #optDecoder}
     *                    this opens a model of any family
     * @return this
     */
    public DetectorBuilder optDescription(ModelDescription description) {
        this.description = Objects.requireNonNull(description, "description");
        return this;
    }

    /**
     * Opens the model.
     *
     * @return the detector; close it
     * @throws InvalidModelException if the model is missing, malformed or not recognised
     * @throws BackendUnavailableException if no backend can run it here
     * @throws EdgeCvException for other runtime failures
     * @throws IllegalStateException if no model was set
     */
    public Detector build() throws EdgeCvException {
        ModelSource source;
        if (modelPath != null) {
            source = ModelSource.of(modelPath);
        } else if (modelBytes != null) {
            source = ModelSource.ofBytes(modelBytes, modelName);
        } else {
            throw new IllegalStateException("setModel(...) is required");
        }
        return PipelineDetector.open(source, backend, BackendOptions.of(threads, backendProperties), this);
    }

    ModelDescription resolve(ModelDescription found) {
        ModelDescription.Builder b = found.toBuilder();
        if (preprocessing != null) {
            b.setPreprocessing(preprocessing);
        }
        if (labels != null) {
            b.optLabels(labels);
        }
        if (confidence != null) {
            b.optConfidence(confidence);
        }
        if (iouThreshold != null) {
            b.optIouThreshold(iouThreshold);
        }
        if (nms != null) {
            b.optNms(nms);
        }
        return b.build();
    }

    ModelDescription description() {
        return description;
    }

    Decoder decoder() {
        return decoder;
    }

    int maxDetections() {
        return maxDetections;
    }

    int[] classes() {
        return classes;
    }
}
