package io.edgecv;

import java.nio.charset.StandardCharsets;

/**
 * The file formats EdgeCV knows, recognised from a model's first bytes rather than its file name.
 *
 * <p>Thread-safety: immutable.
 */
public enum ModelFormat {
    /** ONNX protobuf ({@code ModelProto}); opened by {@code edgecv-onnx}. */
    ONNX,
    /** TensorFlow Lite flatbuffer, identifier {@code TFL3}; opened by {@code edgecv-tflite}. */
    TFLITE,
    /** NCNN text {@code .param} (magic {@code 7767517}) with its {@code .bin} weights; {@code edgecv-ncnn}. */
    NCNN,
    /** Serialized TensorRT engine ({@code .engine} or {@code .plan}); {@code edgecv-tensorrt}. */
    TENSORRT,
    /** None of the above. */
    UNKNOWN;

    /** Bytes {@link #sniff} needs to decide; fewer are accepted. */
    public static final int SNIFF_BYTES = 64;

    /**
     * Recognises a model from its first bytes.
     *
     * @param head the first bytes of the file (up to {@link #SNIFF_BYTES} are looked at)
     * @param length how many bytes of {@code head} are valid
     * @return the format, or {@link #UNKNOWN}
     */
    public static ModelFormat sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3') {
            return TFLITE;
        }
        if (n >= 7 && new String(head, 0, 7, StandardCharsets.US_ASCII).equals("7767517")) {
            return NCNN;
        }
        if (n >= 8 && looksLikeTensorRtPlan(head)) {
            return TENSORRT;
        }
        if (n >= 2 && looksLikeOnnx(head, n)) {
            return ONNX;
        }
        return UNKNOWN;
    }

    /**
     * TensorRT 8 and later write the tag {@code ftrt} at offset 4 of a serialized engine; TensorRT 7 and earlier
     * wrote {@code ptrt}.
     */
    private static boolean looksLikeTensorRtPlan(byte[] h) {
        return (h[4] == 'f' || h[4] == 'p') && h[5] == 't' && h[6] == 'r' && h[7] == 't';
    }

    /**
     * An ONNX {@code ModelProto} starts with one of its low-numbered fields: {@code ir_version} (field 1,
     * varint: byte 0x08), {@code producer_name} (field 2: 0x12), {@code producer_version} (3: 0x1A),
     * {@code domain} (4: 0x22), {@code graph} (7: 0x3A) or {@code opset_import} (8: 0x42). Field 1 comes first
     * in every exporter we know; the others are accepted for hand-built protobufs. A text file fails this test
     * because no printable character is one of these tags except {@code "} (0x22) and {@code :} (0x3A) and
     * {@code B} (0x42), which must then be followed by a sane length.
     */
    private static boolean looksLikeOnnx(byte[] h, int n) {
        int tag = h[0] & 0xFF;
        if (tag == 0x08) {
            int v = h[1] & 0xFF; // ir_version 1..20 fits in one varint byte
            return v >= 1 && v <= 20;
        }
        if (tag == 0x12 || tag == 0x1A || tag == 0x22 || tag == 0x3A || tag == 0x42) {
            // length-delimited: a varint length; producer names etc. are short and printable
            int len = h[1] & 0xFF;
            if (tag == 0x3A || tag == 0x42) {
                return n > 2 && (len & 0x80) != 0 || len > 0 && len < 64;
            }
            if (len == 0 || len > 64 || n < 2 + Math.min(len, 8)) {
                return false;
            }
            for (int i = 2; i < 2 + Math.min(len, n - 2); i++) {
                if (h[i] < 0x20 || h[i] > 0x7E) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
