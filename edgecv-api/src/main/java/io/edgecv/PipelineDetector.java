package io.edgecv;

import io.edgecv.decode.Decoder;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.Labels;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector: preprocess into the session's input buffer, run, decode, filter, NMS, map back to image pixels.
 *
 * <p>Thread-safety: thread-safe; {@link #detect} and {@link #close} hold one lock.
 */
final class PipelineDetector implements Detector {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineDetector.class);
    /** Description property naming the backends that refused the model before the one it runs on. */
    static final String FALLBACK_PROPERTY = "backend.fallback";

    private final BackendSession session;
    private final ModelDescription description;
    private final Preprocessor preprocessor;
    private final ByteBuffer input;
    private final Decoder decoder;
    private final NmsKind nms;
    private final int maxDetections;
    private final boolean[] allowedClasses;
    private final String[] labels;
    private final Candidates candidates = new Candidates(256);
    private final Candidates merged = new Candidates(64);
    private final NonMaxSuppression suppression = new NonMaxSuppression();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private PipelineDetector(BackendSession session, ModelDescription description, Decoder decoder,
                             int maxDetections, int[] classes) throws EdgeCvException {
        this.session = session;
        this.description = description;
        this.decoder = decoder;
        this.nms = description.nms();
        this.maxDetections = maxDetections;
        this.preprocessor = new Preprocessor(description.preprocessing());
        this.input = bindInput(session, description.preprocessing());
        this.allowedClasses = classes == null ? null : allowed(classes);
        int n = Math.max(description.labels().size(), 1);
        this.labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = Labels.name(description.labels(), i);
        }
    }

    static Detector open(ModelSource source, String backendName, BackendOptions options, DetectorBuilder b)
            throws EdgeCvException {
        List<String> refusals = new ArrayList<>();
        BackendSession session = openSession(source, backendName, options, refusals);
        try {
            ModelSignature sig = new ModelSignature(source, session.inputs(), session.outputs(), session.metadata());
            ModelDescription found = b.description();
            if (found == null) {
                found = b.decoder() != null ? describeForCustomDecoder(sig, b.decoder()) : ModelFamilies.describe(sig);
            }
            ModelDescription description = b.resolve(found);
            if (!refusals.isEmpty()) {
                // named in the description, so that a detector running on a fallback says so wherever it is shown
                description = description.toBuilder().optProperty(FALLBACK_PROPERTY, "running on "
                        + session.backendName() + " because " + String.join("; ", refusals)).build();
            }
            Decoder decoder = b.decoder() != null ? b.decoder()
                    : ModelFamilies.byName(description.family()).createDecoder(description, sig);
            LOG.info("opened {} on {}: {}", source.name(), session.backendName(), description);
            return new PipelineDetector(session, description, decoder, b.maxDetections(), b.classes());
        } catch (EdgeCvException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Opens the model on the named backend (no fallback: its failure is the caller's error), or on the best
     * available one; when that one refuses the model or fails to build it (a GPU runtime's parser rejecting an
     * operator, an engine build failing), the failure is logged as a warning and the next backend for the format
     * gets a try; {@code refusals} collects what each refused.
     */
    private static BackendSession openSession(ModelSource source, String backendName, BackendOptions options,
                                              List<String> refusals) throws EdgeCvException {
        if (source.format() == ModelFormat.UNKNOWN && backendName == null) {
            throw new InvalidModelException(source.name() + " is not a model EdgeCV recognises: its first bytes are"
                    + " not those of an ONNX, TFLite, NCNN .param or TensorRT engine file. " + Backends.hint(
                    ModelFormat.UNKNOWN));
        }
        if (backendName != null) {
            return Backends.select(source.format(), backendName).open(source, options);
        }
        List<BackendProvider> candidates = Backends.candidates(source.format());
        if (candidates.isEmpty()) {
            Backends.select(source.format(), null); // throws, listing the backends found
        }
        EdgeCvException first = null;
        for (BackendProvider p : candidates) {
            try {
                LOG.debug("opening {} with backend {}", source, p.name());
                return p.open(source, options);
            } catch (EdgeCvException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                refusals.add(p.name() + " refused it: " + e.getMessage());
                if (p != candidates.get(candidates.size() - 1)) {
                    LOG.warn("BACKEND FALLBACK: backend {} could not open {} ({}); trying the next backend. Name a"
                            + " backend (optBackend) to make this an error instead", p.name(), source.name(),
                            e.getMessage());
                }
            }
        }
        throw first;
    }

    private static ModelDescription describeForCustomDecoder(ModelSignature sig, Decoder decoder)
            throws EdgeCvException {
        try {
            return ModelFamilies.describe(sig);
        } catch (InvalidModelException notRecognised) {
            return ModelDescription.builder("custom", InputDefaults.from(sig, 0).build())
                    .optNms(decoder.defaultNms()).build();
        }
    }

    /** Fixes dynamic input dimensions to the preprocessing's size and checks the buffer fits it. */
    private static ByteBuffer bindInput(BackendSession session, Preprocessing pre) throws EdgeCvException {
        TensorSpec in = session.inputs().get(0);
        long[] want = pre.tensorShape();
        long[] have = in.shape();
        if (have.length != want.length) {
            throw new InvalidModelException("model input " + in + " is not a 4-D image tensor like " +
                    Arrays.toString(want));
        }
        for (int i = 0; i < have.length; i++) {
            if (have[i] >= 0 && have[i] != want[i]) {
                throw new InvalidModelException("preprocessing " + pre + " makes a " + Arrays.toString(want)
                        + " tensor but the model input is " + in + "; match the input size and layout");
            }
        }
        if (in.type() != pre.elementType()) {
            throw new InvalidModelException("preprocessing writes " + pre.elementType() + " but the model input is "
                    + in);
        }
        if (!in.isStatic()) {
            session.setInputShape(0, want);
        }
        ByteBuffer buffer = session.inputBuffer(0);
        if (buffer.capacity() < pre.tensorBytes()) {
            throw new InvalidModelException("backend input buffer holds " + buffer.capacity() + " bytes, "
                    + pre + " needs " + pre.tensorBytes());
        }
        return buffer;
    }

    private static boolean[] allowed(int[] classes) {
        int max = 0;
        for (int c : classes) {
            max = Math.max(max, c);
        }
        boolean[] a = new boolean[max + 1];
        for (int c : classes) {
            a[c] = true;
        }
        return a;
    }

    @Override
    public List<Detection> detect(ImageInput image) throws EdgeCvException {
        if (image == null) {
            throw new NullPointerException("image");
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("detector is closed");
            }
            ImageTransform t = preprocessor.apply(image, input);
            session.run();
            candidates.clear(decoder.keypointCount());
            decoder.decode(session, description.confidence(), candidates);
            if (allowedClasses != null) {
                candidates.retainClasses(allowedClasses);
            }
            return toDetections(t);
        } finally {
            lock.unlock();
        }
    }

    private List<Detection> toDetections(ImageTransform t) {
        Candidates src = suppression.suppress(nms, candidates, description.iouThreshold(), maxDetections, merged);
        int count = suppression.keptCount();
        int[] order = suppression.kept();
        List<Detection> out = new ArrayList<>(count);
        float[] b = src.boxes();
        float[] p = src.keypoints();
        int kp = src.keypointCount();
        float w = t.sourceWidth();
        float h = t.sourceHeight();
        for (int r = 0; r < count; r++) {
            int i = order[r];
            float x1 = clamp(t.toSourceX(Math.min(b[4 * i], b[4 * i + 2])), w);
            float y1 = clamp(t.toSourceY(Math.min(b[4 * i + 1], b[4 * i + 3])), h);
            float x2 = clamp(t.toSourceX(Math.max(b[4 * i], b[4 * i + 2])), w);
            float y2 = clamp(t.toSourceY(Math.max(b[4 * i + 1], b[4 * i + 3])), h);
            if (!(x2 > x1) || !(y2 > y1)) {
                continue; // outside the image, or degenerate
            }
            float[] points = null;
            if (kp > 0) {
                points = new float[2 * kp];
                for (int k = 0; k < kp; k++) {
                    points[2 * k] = t.toSourceX(p[2 * (i * kp + k)]);
                    points[2 * k + 1] = t.toSourceY(p[2 * (i * kp + k) + 1]);
                }
            }
            int c = src.classes()[i];
            String label = c >= 0 && c < labels.length ? labels[c] : "class " + c;
            out.add(new Detection(x1, y1, x2, y2, Math.min(1f, Math.max(0f, src.scores()[i])), c, label, points));
        }
        return out;
    }

    private static float clamp(float v, float max) {
        return v < 0f ? 0f : Math.min(v, max);
    }

    @Override
    public ModelDescription description() {
        return description;
    }

    @Override
    public String backendName() {
        return session.backendName();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
