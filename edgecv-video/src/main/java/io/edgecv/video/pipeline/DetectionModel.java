package io.edgecv.video.pipeline;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.Labels;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detection model opened for a video pipeline: the backend session, the model family's description and decoder,
 * resolved the same way {@link io.edgecv.Detector} resolves them, but handed out as separate parts so that
 * preprocessing, inference and decoding can run on different threads.
 *
 * <p>Thread-safety: the object is immutable after {@link Builder#build()}; the session and decoder it holds are
 * not thread-safe and belong to one {@link VideoPipeline} at a time. {@link #close()} is idempotent.
 */
public final class DetectionModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionModel.class);

    private final BackendSession session;
    private final ModelDescription description;
    private final Decoder decoder;
    private final String[] labels;
    private final boolean[] allowed;
    private final int maxDetections;
    private final String name;

    private DetectionModel(BackendSession session, ModelDescription description, Decoder decoder, boolean[] allowed,
                           int maxDetections, String name) {
        this.session = session;
        this.description = description;
        this.decoder = decoder;
        this.allowed = allowed;
        this.maxDetections = maxDetections;
        this.name = name;
        int n = Math.max(description.labels().size(), 1);
        this.labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = Labels.name(description.labels(), i);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the opened session */
    public BackendSession session() {
        return session;
    }

    /** @return what the model expects and how its output is read */
    public ModelDescription description() {
        return description;
    }

    /** @return the preprocessing the model expects */
    public Preprocessing preprocessing() {
        return description.preprocessing();
    }

    /** @return the model family's decoder */
    public Decoder decoder() {
        return decoder;
    }

    /**
     * @param classId a class id
     * @return its label, or {@code "class N"}
     */
    public String label(int classId) {
        return classId >= 0 && classId < labels.length ? labels[classId] : "class " + classId;
    }

    /** @return per class id whether detections of it are kept, or null for every class */
    boolean[] allowedClasses() {
        return allowed;
    }

    /** @return most detections kept per frame */
    public int maxDetections() {
        return maxDetections;
    }

    /** @return the model file's name */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " on " + session.backendName() + ": " + description;
    }

    /** Closes the session. Idempotent. */
    @Override
    public void close() {
        session.close();
    }

    /**
     * Settings for {@link DetectionModel}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private Path model;
        private String backend;
        private int threads;
        private Float confidence;
        private List<String> classNames = List.of();
        private int maxDetections = 100;

        private Builder() {
        }

        /**
         * @param model the model file
         * @return this builder
         */
        public Builder setModel(Path model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param name backend name ({@code onnx}, {@code tflite}...); by default the best available one
         * @return this builder
         */
        public Builder optBackend(String name) {
            this.backend = name;
            return this;
        }

        /**
         * @param threads inference threads, 0 for the runtime's default
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads " + threads + " is negative");
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param threshold lowest detection score kept, in (0, 1]; by default the model family's
         * @return this builder
         */
        public Builder optConfidence(float threshold) {
            if (!(threshold > 0f && threshold <= 1f)) {
                throw new IllegalArgumentException("confidence " + threshold + " is not in (0, 1]");
            }
            this.confidence = threshold;
            return this;
        }

        /**
         * @param names class labels to keep (case-insensitive), for example {@code "Person"}; none keeps all
         * @return this builder
         */
        public Builder optClasses(String... names) {
            this.classNames = List.of(names);
            return this;
        }

        /**
         * @param max most detections kept per frame, positive
         * @return this builder
         */
        public Builder optMaxDetections(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxDetections " + max + " must be positive");
            }
            this.maxDetections = max;
            return this;
        }

        /**
         * Opens the model on the backend.
         *
         * @return the opened model
         * @throws EdgeCvException if no backend can open it or a class name is not among its labels
         */
        public DetectionModel build() throws EdgeCvException {
            if (model == null) {
                throw new IllegalStateException("setModel was not called");
            }
            ModelSource source = ModelSource.of(model);
            BackendOptions options = BackendOptions.of(threads, Map.of());
            BackendSession session = Backends.select(source.format(), backend).open(source, options);
            try {
                ModelSignature sig = new ModelSignature(source, session.inputs(), session.outputs(),
                        session.metadata());
                ModelDescription d = ModelFamilies.describe(sig);
                if (confidence != null) {
                    d = d.toBuilder().optConfidence(confidence).build();
                }
                Decoder decoder = ModelFamilies.byName(d.family()).createDecoder(d, sig);
                bindInput(session, d.preprocessing());
                LOG.info("opened {} on {}: {}", source.name(), session.backendName(), d);
                return new DetectionModel(session, d, decoder, allowed(d.labels()), maxDetections, source.name());
            } catch (EdgeCvException | RuntimeException e) {
                session.close();
                throw e;
            }
        }

        private boolean[] allowed(List<String> labels) throws InvalidModelException {
            if (classNames.isEmpty()) {
                return null;
            }
            boolean[] a = new boolean[Math.max(labels.size(), 1)];
            for (String n : classNames) {
                int found = -1;
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.get(i).equalsIgnoreCase(n.trim())) {
                        found = i;
                    }
                }
                if (found < 0) {
                    throw new InvalidModelException("class '" + n + "' is not a label of " + model.getFileName()
                            + "; its labels are " + labels);
                }
                a[found] = true;
            }
            return a;
        }

        private static void bindInput(BackendSession session, Preprocessing pre) throws EdgeCvException {
            TensorSpec in = session.inputs().get(0);
            long[] want = pre.tensorShape();
            if (in.rank() != want.length || in.type() != pre.elementType()) {
                throw new InvalidModelException(String.format(Locale.ROOT, "model input %s does not take the %s"
                        + " tensor %s", in, pre.elementType(), Arrays.toString(want)));
            }
            if (!in.isStatic()) {
                session.setInputShape(0, want);
            }
        }
    }
}
