package io.edgecv.ncnn;

/**
 * The shape of an NCNN input, which the {@code .param} file states only in part: the {@code Input} layer's
 * {@code 0=w 1=h 11=d 2=c} when the exporter wrote them, else an image {@code [1, c, -1, -1]} whose channel count is
 * read off the first convolution that consumes the input ({@code weight_data_size / (num_output x kernel area)}).
 * The property {@code ncnn.input_shape} replaces it; Ultralytics' {@code imgsz} in {@code metadata.yaml} fixes a
 * dynamic height and width.
 *
 * <p>Thread-safety: stateless.
 */
final class InputShapes {
    private InputShapes() {
    }

    static long[] of(NcnnGraph g, int blob, long[] configured, long[] imageSize) {
        if (configured != null) {
            return configured.clone();
        }
        ParamLayer producer = g.producer(blob);
        long w = 0;
        long h = 0;
        long d = 0;
        long c = 0;
        if (producer.type.equals("Input")) {
            LayerParams p = producer.params;
            w = p.getInt(0, 0);
            h = p.getInt(1, 0);
            d = p.getInt(11, 0);
            c = p.getInt(2, 0);
        }
        if (d > 0) {
            return new long[] {1, dim(c), d, dim(h), dim(w)};
        }
        if (c == 0 && h > 0) {
            return new long[] {1, h, dim(w)};
        }
        if (c == 0 && w > 0) {
            return new long[] {1, w};
        }
        if (c == 0) {
            c = channelsFromConsumer(g, blob);
        }
        if (w <= 0 && h <= 0) {
            if (imageSize != null) {
                h = imageSize[0];
                w = imageSize[1];
            }
        }
        return new long[] {1, dim(c), dim(h), dim(w)};
    }

    private static long dim(long v) {
        return v > 0 ? v : -1;
    }

    /** The input channels the first convolution reading {@code blob} was built for, or 0. */
    static long channelsFromConsumer(NcnnGraph g, int blob) {
        for (ParamLayer l : g.consumers(blob)) {
            LayerParams p = l.params;
            boolean conv = l.type.equals("Convolution");
            boolean depthwise = l.type.equals("ConvolutionDepthWise");
            if ((conv || depthwise) && p.getInt(19, 0) == 0 && l.bottoms[0] == blob) {
                long kw = p.getInt(1, 0);
                long maxk = kw * p.getInt(11, (int) kw);
                long out = p.getInt(0, 0);
                long size = p.getInt(6, 0);
                long group = depthwise ? p.getInt(7, 1) : 1;
                if (maxk > 0 && out > 0 && group > 0) {
                    return size / group / maxk / (out / group) * group;
                }
            }
            if (l.type.equals("Split")) {
                long c = channelsFromConsumer(g, l.tops[0]);
                if (c > 0) {
                    return c;
                }
            }
        }
        return 0;
    }
}
