package io.edgecv.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An independent, deliberately plain reference for the SSD fixture, written from MODELS.md alone and sharing no
 * code with EdgeCV: per-pixel bilinear stretch in doubles, a raw ONNX Runtime session fed a Java array, anchors
 * and box decoding in straight loops, greedy per-class NMS on lists.
 */
final class ReferenceSsd {
    /** A reference detection in original image pixels. */
    static final class Box {
        final int cls;
        final double score;
        final double x1;
        final double y1;
        final double x2;
        final double y2;

        Box(int cls, double score, double x1, double y1, double x2, double y2) {
            this.cls = cls;
            this.score = score;
            this.x1 = x1;
            this.y1 = y1;
            this.x2 = x2;
            this.y2 = y2;
        }

        double iou(double a1, double b1, double a2, double b2) {
            double iw = Math.min(x2, a2) - Math.max(x1, a1);
            double ih = Math.min(y2, b2) - Math.max(y1, b1);
            if (iw <= 0 || ih <= 0) {
                return 0;
            }
            double inter = iw * ih;
            return inter / ((x2 - x1) * (y2 - y1) + (a2 - a1) * (b2 - b1) - inter);
        }
    }

    private ReferenceSsd() {
    }

    static List<Box> detect(Path model, BufferedImage img, double threshold, double iou) throws Exception {
        float[][][][] input = new float[1][300][300][3];
        int w = img.getWidth();
        int h = img.getHeight();
        for (int y = 0; y < 300; y++) {
            double sy = Math.max(0, (y + 0.5) * h / 300.0 - 0.5);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < 300; x++) {
                double sx = Math.max(0, (x + 0.5) * w / 300.0 - 0.5);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double v00 = img.getRGB(x0, y0) >> shift & 0xFF;
                    double v01 = img.getRGB(x1, y0) >> shift & 0xFF;
                    double v10 = img.getRGB(x0, y1) >> shift & 0xFF;
                    double v11 = img.getRGB(x1, y1) >> shift & 0xFF;
                    double v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
                    input[0][y][x][c] = (float) (v / 127.5 - 1);
                }
            }
        }
        float[][][] boxes;
        float[][][] logits;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, input);
             OrtSession.Result r = s.run(java.util.Map.of("normalized_input_image_tensor", t))) {
            boxes = (float[][][]) r.get("raw_outputs/box_encodings").orElseThrow().getValue();
            logits = (float[][][]) r.get("raw_outputs/class_predictions").orElseThrow().getValue();
        }
        double[][] anchors = anchors();
        List<Box> found = new ArrayList<>();
        for (int i = 0; i < anchors.length; i++) {
            double[] a = anchors[i]; // cy, cx, h, w
            double cy = boxes[0][i][0] / 10 * a[2] + a[0];
            double cx = boxes[0][i][1] / 10 * a[3] + a[1];
            double bh = Math.exp(boxes[0][i][2] / 5) * a[2];
            double bw = Math.exp(boxes[0][i][3] / 5) * a[3];
            for (int c = 1; c < logits[0][i].length; c++) {
                double score = 1 / (1 + Math.exp(-logits[0][i][c]));
                if (score >= threshold) {
                    found.add(new Box(c, score, (cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w,
                            (cy + bh / 2) * h));
                }
            }
        }
        found.sort(Comparator.comparingDouble((Box b) -> -b.score));
        List<Box> kept = new ArrayList<>();
        for (Box b : found) {
            boolean suppressed = false;
            for (Box k : kept) {
                if (k.cls == b.cls && k.iou(b.x1, b.y1, b.x2, b.y2) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(b);
            }
        }
        return kept;
    }

    /** MODELS.md: 6 maps, scales 0.2..0.95, layer 0 reduced to 3 boxes; (cy, cx, h, w) each. */
    private static double[][] anchors() {
        int[] maps = {19, 10, 5, 3, 2, 1};
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < 6; l++) {
            double s = 0.2 + (0.95 - 0.2) * l / 5;
            double next = l == 5 ? 1.0 : 0.2 + (0.95 - 0.2) * (l + 1) / 5;
            double[][] specs = l == 0
                    ? new double[][] {{0.1, 1}, {s, 2}, {s, 0.5}}
                    : new double[][] {{s, 1}, {s, 2}, {s, 0.5}, {s, 3}, {s, 1.0 / 3}, {Math.sqrt(s * next), 1}};
            int fm = maps[l];
            for (int y = 0; y < fm; y++) {
                for (int x = 0; x < fm; x++) {
                    for (double[] sp : specs) {
                        out.add(new double[] {(y + 0.5) / fm, (x + 0.5) / fm, sp[0] / Math.sqrt(sp[1]),
                            sp[0] * Math.sqrt(sp[1])});
                    }
                }
            }
        }
        return out.toArray(new double[0][]);
    }
}
