package io.edgecv.ncnn;

import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;

/**
 * A minimal DBNet decoder for the tests: the connected regions of the probability map above 0.3 become boxes
 * scored by their mean probability (PaddleOCR's box_thresh idea without the polygon unclipping). Reuses its arrays.
 */
final class TextRegionDecoder implements Decoder {
    private static final float BINARY = 0.3f;
    private int[] label = new int[0];
    private int[] queue = new int[0];

    @Override
    public void decode(OutputTensors outputs, float scoreThreshold, Candidates out) {
        long[] shape = outputs.outputShape(0);
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        FloatBuffer map = outputs.output(0);
        int n = w * h;
        if (label.length < n) {
            label = new int[n];
            queue = new int[n];
        }
        java.util.Arrays.fill(label, 0, n, 0);
        int next = 1;
        for (int start = 0; start < n; start++) {
            if (label[start] != 0 || map.get(start) < BINARY) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = next;
            int x1 = w;
            int y1 = h;
            int x2 = -1;
            int y2 = -1;
            double sum = 0;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w;
                int y = p / w;
                sum += map.get(p);
                x1 = Math.min(x1, x);
                y1 = Math.min(y1, y);
                x2 = Math.max(x2, x);
                y2 = Math.max(y2, y);
                for (int k = 0; k < 4; k++) {
                    int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
                    int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                        int q = ny * w + nx;
                        if (label[q] == 0 && map.get(q) >= BINARY) {
                            label[q] = next;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            next++;
            float score = (float) (sum / tail);
            if (tail >= 4 && score >= scoreThreshold) {
                out.add(x1, y1, x2 + 1, y2 + 1, score, 0);
            }
        }
    }

    @Override
    public NmsKind defaultNms() {
        return NmsKind.NONE;
    }
}
