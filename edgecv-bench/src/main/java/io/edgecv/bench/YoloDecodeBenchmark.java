package io.edgecv.bench;

import io.edgecv.decode.Decoder;
import io.edgecv.decode.yolo.YoloEnd2EndDecoder;
import io.edgecv.decode.yolo.YoloV5Decoder;
import io.edgecv.decode.yolo.YoloV8Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.spi.OutputTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * YOLO decoding plus NMS of a 640x640 head, on one thread: 8400 anchors (one per cell of the stride 8, 16, 32
 * grids) x 80 classes for YOLOv8/11 in both layouts, 25200 x 85 for YOLOv5, 300 x 6 final boxes for end-to-end
 * heads. The output is synthetic but shaped like a real one: every class score tiny, except that around 15 objects
 * the anchors of the cells they cover score 0.25 to 0.95 for the object's class with jittered boxes, a few hundred
 * candidates above the 0.25 threshold in overlapping clusters. The buffer is direct, as ONNX Runtime's pinned
 * outputs are. NMS: class-aware, IoU 0.7 (Ultralytics' default), at most 300 boxes; none for end-to-end.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class YoloDecodeBenchmark {
    private static final int SIZE = 640;
    private static final int CLASSES = 80;
    private static final int OBJECTS = 15;
    private static final float THRESHOLD = 0.25f;
    private static final int[] STRIDES = {8, 16, 32};

    /**
     * {@code v8} = Ultralytics' [1, 84, 8400]; {@code v8_transposed} = [1, 8400, 84]; {@code v5} = [1, 25200, 85];
     * {@code end2end} = [1, 300, 6].
     */
    @Param({"v8", "v8_transposed", "v5", "end2end"})
    public String layout;

    private Decoder decoder;
    private OutputTensors outputs;
    private boolean suppress;
    private final Candidates candidates = new Candidates(1024);
    private final NonMaxSuppression nms = new NonMaxSuppression();

    /** Builds the output tensor and the decoder. */
    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(42);
        float[][] objects = new float[OBJECTS][];
        for (int o = 0; o < OBJECTS; o++) {
            float w = 30 + 250 * r.nextFloat();
            float h = 30 + 250 * r.nextFloat();
            objects[o] = new float[] {w / 2 + (SIZE - w) * r.nextFloat(), h / 2 + (SIZE - h) * r.nextFloat(), w, h,
                r.nextInt(CLASSES)};
        }
        int perCell = layout.equals("v5") ? 3 : 1;
        int features = layout.equals("v5") ? 5 + CLASSES : 4 + CLASSES;
        int n = 0;
        for (int s : STRIDES) {
            n += perCell * (SIZE / s) * (SIZE / s);
        }
        float[][] rows = new float[n][features];
        int first = layout.equals("v5") ? 5 : 4;
        int i = 0;
        for (int s : STRIDES) {
            for (int gy = 0; gy < SIZE / s; gy++) {
                for (int gx = 0; gx < SIZE / s; gx++) {
                    for (int a = 0; a < perCell; a++, i++) {
                        fillAnchor(rows[i], first, (gx + 0.5f) * s, (gy + 0.5f) * s, s, objects, r);
                    }
                }
            }
        }
        switch (layout) {
            case "v8":
                outputs = tensor(channelsFirst(rows, features), 1, features, n);
                decoder = new YoloV8Decoder(0, CLASSES, false);
                suppress = true;
                break;
            case "v8_transposed":
                outputs = tensor(anchorsFirst(rows, features), 1, n, features);
                decoder = new YoloV8Decoder(0, CLASSES, true);
                suppress = true;
                break;
            case "v5":
                outputs = tensor(anchorsFirst(rows, features), 1, n, features);
                decoder = new YoloV5Decoder(0, CLASSES);
                suppress = true;
                break;
            case "end2end":
                outputs = tensor(finalBoxes(objects, r), 1, 300, 6);
                decoder = new YoloEnd2EndDecoder(0);
                suppress = false;
                break;
            default:
                throw new IllegalArgumentException("unknown layout " + layout);
        }
        candidates.clear(0);
        decoder.decode(outputs, THRESHOLD, candidates);
        System.err.println("# " + layout + ": " + candidates.size() + " candidates above " + THRESHOLD + ", "
                + decodeAndNms() + " kept after NMS");
    }

    /** Tiny scores everywhere; the object's class scores high on the cells an object covers, at its scale. */
    private static void fillAnchor(float[] row, int first, float cx, float cy, int stride, float[][] objects,
                                   Random r) {
        row[0] = cx;
        row[1] = cy;
        row[2] = 4f * stride;
        row[3] = 4f * stride;
        if (first == 5) {
            row[4] = 0.01f * r.nextFloat();
        }
        for (int c = first; c < row.length; c++) {
            row[c] = (float) Math.pow(r.nextFloat(), 6) * 0.05f;
        }
        for (float[] o : objects) {
            float size = Math.max(o[2], o[3]);
            boolean scale = size < 96 ? stride == 8 : size < 192 ? stride == 16 : stride == 32;
            float dx = Math.abs(cx - o[0]) / (o[2] / 2);
            float dy = Math.abs(cy - o[1]) / (o[3] / 2);
            if (!scale || dx > 0.9f || dy > 0.9f) {
                continue;
            }
            float score = 0.95f - 0.7f * Math.max(dx, dy) / 0.9f + 0.05f * r.nextFloat();
            row[0] = o[0] + 0.05f * o[2] * (r.nextFloat() - 0.5f);
            row[1] = o[1] + 0.05f * o[3] * (r.nextFloat() - 0.5f);
            row[2] = o[2] * (0.9f + 0.2f * r.nextFloat());
            row[3] = o[3] * (0.9f + 0.2f * r.nextFloat());
            if (first == 5) {
                row[4] = Math.min(1f, score + 0.05f);
                row[first + (int) o[4]] = Math.min(1f, score / row[4] + 0.01f);
            } else {
                row[first + (int) o[4]] = score;
            }
        }
    }

    /** What an end-to-end head gives: one row per object, the rest zero padding. */
    private static float[] finalBoxes(float[][] objects, Random r) {
        float[] out = new float[300 * 6];
        for (int o = 0; o < objects.length; o++) {
            float[] b = objects[o];
            out[6 * o] = b[0] - b[2] / 2;
            out[6 * o + 1] = b[1] - b[3] / 2;
            out[6 * o + 2] = b[0] + b[2] / 2;
            out[6 * o + 3] = b[1] + b[3] / 2;
            out[6 * o + 4] = 0.3f + 0.65f * r.nextFloat();
            out[6 * o + 5] = b[4];
        }
        for (int k = objects.length; k < 60; k++) {
            out[6 * k + 4] = 0.2f * r.nextFloat(); // low-score rows below threshold
            out[6 * k + 2] = 1;
            out[6 * k + 3] = 1;
        }
        return out;
    }

    private static float[] anchorsFirst(float[][] rows, int features) {
        float[] out = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * features, features);
        }
        return out;
    }

    private static float[] channelsFirst(float[][] rows, int features) {
        int n = rows.length;
        float[] out = new float[n * features];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                out[j * n + i] = rows[i][j];
            }
        }
        return out;
    }

    private static OutputTensors tensor(float[] values, long... shape) {
        FloatBuffer buf = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buf.put(values).flip();
        return new OutputTensors() {
            @Override
            public int outputCount() {
                return 1;
            }

            @Override
            public FloatBuffer output(int index) {
                return buf;
            }

            @Override
            public long[] outputShape(int index) {
                return shape;
            }
        };
    }

    /** @return candidates above threshold, consumed by JMH */
    @Benchmark
    public int decode() {
        candidates.clear(0);
        decoder.decode(outputs, THRESHOLD, candidates);
        return candidates.size();
    }

    /** @return boxes kept after NMS, consumed by JMH */
    @Benchmark
    public int decodeAndNms() {
        candidates.clear(0);
        decoder.decode(outputs, THRESHOLD, candidates);
        return suppress ? nms.hard(candidates, 0.7f, true, 300) : nms.hard(candidates, 2f, false, 300);
    }
}
