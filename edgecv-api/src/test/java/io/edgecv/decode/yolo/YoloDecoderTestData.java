package io.edgecv.decode.yolo;

import io.edgecv.nms.Candidates;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds YOLO output tensors from rows of values, and reads candidates back as comparable rows. */
final class YoloDecoderTestData {
    private YoloDecoderTestData() {
    }

    /** rows[i] = one anchor's features; returns them anchors-first, batch entries one after the other. */
    static float[] anchorsFirst(float[][]... batches) {
        int n = batches[0].length;
        int f = n == 0 ? 0 : batches[0][0].length;
        float[] out = new float[batches.length * n * f];
        int k = 0;
        for (float[][] rows : batches) {
            for (float[] r : rows) {
                System.arraycopy(r, 0, out, k, f);
                k += f;
            }
        }
        return out;
    }

    /** The same rows transposed to [B, features, N]. */
    static float[] channelsFirst(int features, float[][]... batches) {
        int n = batches[0].length;
        float[] out = new float[batches.length * n * features];
        for (int b = 0; b < batches.length; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < features; j++) {
                    out[b * n * features + j * n + i] = batches[b][i][j];
                }
            }
        }
        return out;
    }

    /** Candidates as strings "x1 y1 x2 y2 score class" rounded to 1e-3, in order. */
    static List<String> rows(Candidates c) {
        List<String> out = new ArrayList<>();
        float[] b = c.boxes();
        for (int i = 0; i < c.size(); i++) {
            out.add(String.format(java.util.Locale.ROOT, "%.3f %.3f %.3f %.3f %.4f %d", b[4 * i], b[4 * i + 1],
                    b[4 * i + 2], b[4 * i + 3], c.scores()[i], c.classes()[i]));
        }
        return out;
    }

    /** A realistic YOLOv8 output: tiny class scores everywhere, a few hundred anchors above 0.25 near objects. */
    static float[][] realisticV8Rows(int n, int classes, int objects, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][4 + classes];
        for (float[] row : rows) {
            row[0] = 640 * r.nextFloat();
            row[1] = 640 * r.nextFloat();
            row[2] = 4 + 60 * r.nextFloat();
            row[3] = 4 + 60 * r.nextFloat();
            for (int c = 0; c < classes; c++) {
                row[4 + c] = (float) Math.pow(r.nextFloat(), 8) * 0.05f;
            }
        }
        for (int o = 0; o < objects; o++) {
            int cls = r.nextInt(classes);
            int centre = r.nextInt(n);
            for (int k = 0; k < 25; k++) {
                float[] row = rows[Math.floorMod(centre + k * 7 - 80, n)];
                row[4 + cls] = 0.25f + 0.7f * r.nextFloat();
            }
        }
        return rows;
    }
}
