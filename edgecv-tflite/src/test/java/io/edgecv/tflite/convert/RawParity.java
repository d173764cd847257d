package io.edgecv.tflite.convert;

import io.edgecv.ImageInput;
import io.edgecv.onnx.OnnxBackendProvider;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import io.edgecv.tflite.TfLiteBackendProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a TFLite model (reference kernels, XNNPACK off) and its ONNX conversion (ONNX Runtime) on the same input
 * tensor and gives, per output name, the largest absolute difference. Image inputs ({@code [1, H, W, 3]} float)
 * get the photo stretched to H x W and scaled to [-1, 1]; other inputs get fixed pseudo-random values in [-1, 1].
 */
public final class RawParity {
    public static final BackendProvider TFLITE = new TfLiteBackendProvider();
    public static final BackendProvider ONNX = new OnnxBackendProvider();

    private RawParity() {
    }

    /**
     * How one output differs.
     *
     * @param maxAbs     largest |TFLite - ONNX|
     * @param atValue    the TFLite value where it is
     * @param maxValue   largest |TFLite value|
     */
    public record Diff(float maxAbs, float atValue, float maxValue) {
        @Override
        public String toString() {
            return String.format("%.2e (at %.3f; largest |value| %.1f)", maxAbs, atValue, maxValue);
        }
    }

    /**
     * @param nchw     whether the ONNX model was converted with NCHW inputs and outputs
     * @return how each output differs, by name
     */
    public static Map<String, Diff> compare(Path tflite, Path onnx, ImageInput image, boolean nchw) throws Exception {
        return compare(tflite, onnx, image, nchw, Map.of());
    }

    /** As above, with more TFLite backend properties (such as {@code tflite.probe=none} for generated models). */
    public static Map<String, Diff> compare(Path tflite, Path onnx, ImageInput image, boolean nchw,
                                           Map<String, String> tfliteProperties) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(tfliteProperties);
        props.put("tflite.xnnpack", "false");
        try (BackendSession t = TFLITE.open(ModelSource.of(tflite), BackendOptions.of(2, props));
             BackendSession o = ONNX.open(ModelSource.of(onnx), BackendOptions.of(2, Map.of()))) {
            return compare(t, o, image, nchw);
        }
    }

    /**
     * TFLite's own spread: reference kernels against XNNPACK on the same input, a measure of how much float32
     * rounding alone moves this model's outputs.
     */
    public static Map<String, Diff> xnnpackSpread(Path tflite, ImageInput image) throws Exception {
        try (BackendSession t = TFLITE.open(ModelSource.of(tflite),
                BackendOptions.of(2, Map.of("tflite.xnnpack", "false")));
             BackendSession x = TFLITE.open(ModelSource.of(tflite),
                     BackendOptions.of(2, Map.of("tflite.xnnpack", "true")))) {
            return compare(t, x, image, false);
        }
    }

    private static Map<String, Diff> compare(BackendSession t, BackendSession o, ImageInput image, boolean nchw)
            throws Exception {
        if (t.inputs().size() != o.inputs().size() || t.outputs().size() != o.outputs().size()) {
            throw new AssertionError("TFLite has " + t.inputs().size() + " inputs and " + t.outputs().size()
                    + " outputs, ONNX " + o.inputs().size() + " and " + o.outputs().size());
        }
        for (int i = 0; i < t.inputs().size(); i++) {
            ByteBuffer in = input(t.inputs().get(i), image);
            ByteBuffer dst = o.inputBuffer(indexOf(o.inputs().toArray(new TensorSpec[0]),
                    t.inputs().get(i).name()));
            t.inputBuffer(i).put(0, in, 0, in.capacity());
            if (nchw && t.inputs().get(i).shape().length == 4) {
                in = toNchw(in, t.inputs().get(i).shape());
            }
            dst.put(0, in, 0, in.capacity());
        }
        t.run();
        o.run();
        Map<String, Diff> out = new LinkedHashMap<>();
        for (int i = 0; i < t.outputCount(); i++) {
            String name = t.outputs().get(i).name();
            int j = indexOf(o.outputs().toArray(new TensorSpec[0]), name);
            long[] ts = t.outputShape(i);
            long[] os = o.outputShape(j);
            FloatBuffer a = t.output(i);
            FloatBuffer b = o.output(j);
            if (nchw && ts.length == 4) {
                b = fromNchw(b, ts);
                os = new long[] {os[0], os[2], os[3], os[1]};
            }
            if (!Arrays.equals(ts, os)) {
                throw new AssertionError("output " + name + ": TFLite shape " + Arrays.toString(ts) + ", ONNX "
                        + Arrays.toString(os));
            }
            float max = 0f;
            float at = 0f;
            float big = 0f;
            for (int k = 0; k < a.limit(); k++) {
                float d = Math.abs(a.get(k) - b.get(k));
                big = Math.max(big, Math.abs(a.get(k)));
                if (d > max) {
                    max = d;
                    at = a.get(k);
                }
            }
            out.put(name, new Diff(max, at, big));
        }
        return out;
    }

    /**
     * As {@link #compare(Path, Path, ImageInput, boolean)}, TFLite run through
     * {@link io.edgecv.tflite.UnverifiedTfLite} (reference kernels, no EdgeCV verifier): for trusted models the
     * backend refuses, such as sparse ones.
     */
    public static Map<String, Diff> compareUnverified(Path tflite, Path onnx, ImageInput image, boolean nchw)
            throws Exception {
        long[] shape = io.edgecv.tflite.UnverifiedTfLite.inputShape(tflite);
        ByteBuffer in = input(new TensorSpec("input", io.edgecv.spi.ElementType.FLOAT32, shape), image);
        Map<String, float[]> t = io.edgecv.tflite.UnverifiedTfLite.run(tflite, in.asFloatBuffer());
        try (BackendSession o = ONNX.open(ModelSource.of(onnx), BackendOptions.of(2, Map.of()))) {
            ByteBuffer feed = nchw && shape.length == 4 ? toNchw(in, shape) : in;
            o.inputBuffer(0).put(0, feed, 0, feed.capacity());
            o.run();
            Map<String, Diff> out = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : t.entrySet()) {
                int j = indexOf(o.outputs().toArray(new TensorSpec[0]), e.getKey());
                FloatBuffer b = o.output(j);
                long[] os = o.outputShape(j);
                if (nchw && os.length == 4) {
                    b = fromNchw(b, new long[] {os[0], os[2], os[3], os[1]});
                }
                float[] a = e.getValue();
                if (a.length != b.limit()) {
                    throw new AssertionError("output " + e.getKey() + ": " + a.length + " values against "
                            + b.limit());
                }
                float max = 0f;
                float at = 0f;
                float big = 0f;
                for (int k = 0; k < a.length; k++) {
                    float d = Math.abs(a[k] - b.get(k));
                    big = Math.max(big, Math.abs(a[k]));
                    if (d > max) {
                        max = d;
                        at = a[k];
                    }
                }
                out.put(e.getKey(), new Diff(max, at, big));
            }
            return out;
        }
    }

    private static ByteBuffer input(TensorSpec spec, ImageInput image) {
        long[] s = spec.shape();
        if (s.length == 4 && s[3] == 3 && image != null) {
            Preprocessing pre = Preprocessing.builder().setSize((int) s[2], (int) s[1])
                    .optResize(ResizeMode.STRETCH).optNormalize(127.5f, 127.5f).build();
            ByteBuffer b = ByteBuffer.allocateDirect(pre.tensorBytes()).order(ByteOrder.nativeOrder());
            new Preprocessor(pre).apply(image, b);
            return b;
        }
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.nativeOrder());
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < n; i++) {
            b.putFloat(i * 4, r.nextFloat() * 2f - 1f);
        }
        return b;
    }

    private static ByteBuffer toNchw(ByteBuffer nhwc, long[] s) {
        int h = (int) s[1];
        int w = (int) s[2];
        int c = (int) s[3];
        ByteBuffer out = ByteBuffer.allocateDirect(nhwc.capacity()).order(ByteOrder.nativeOrder());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    out.putFloat(((k * h + y) * w + x) * 4, nhwc.getFloat(((y * w + x) * c + k) * 4));
                }
            }
        }
        return out;
    }

    private static FloatBuffer fromNchw(FloatBuffer nchw, long[] nhwcShape) {
        int h = (int) nhwcShape[1];
        int w = (int) nhwcShape[2];
        int c = (int) nhwcShape[3];
        float[] out = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    out[(y * w + x) * c + k] = nchw.get((k * h + y) * w + x);
                }
            }
        }
        return FloatBuffer.wrap(out);
    }

    private static int indexOf(TensorSpec[] specs, String name) {
        for (int i = 0; i < specs.length; i++) {
            if (specs[i].name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("the ONNX model has no tensor named " + name);
    }
}
