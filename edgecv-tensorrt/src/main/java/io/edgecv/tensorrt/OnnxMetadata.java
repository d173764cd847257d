package io.edgecv.tensorrt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code metadata_props} of an ONNX {@code ModelProto} (field 14, repeated {@code StringStringEntryProto}
 * with {@code key} = 1 and {@code value} = 2), where exporters such as Ultralytics write {@code names},
 * {@code imgsz}, {@code stride}. TensorRT drops them when it parses a model, so the backend reads them itself to
 * give model families the same metadata the ONNX Runtime backend gives. Only the top-level fields are walked; the
 * graph is skipped by its length. Malformed input yields whatever was read before the fault, never an exception.
 *
 * <p>Thread-safety: stateless.
 */
final class OnnxMetadata {
    private static final int METADATA_PROPS = 14;

    private OnnxMetadata() {
    }

    /**
     * @param model the bytes of an ONNX model
     * @return its metadata entries in file order; empty if none or unreadable
     */
    static Map<String, String> read(byte[] model) {
        Map<String, String> out = new LinkedHashMap<>();
        Reader r = new Reader(model, 0, model.length);
        while (r.hasMore()) {
            long tag = r.varint();
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == METADATA_PROPS && wire == 2) {
                int len = r.length();
                if (len < 0) {
                    break;
                }
                readEntry(model, r.pos, len, out);
                r.pos += len;
            } else if (!r.skip(wire)) {
                break;
            }
        }
        return out;
    }

    private static void readEntry(byte[] b, int from, int len, Map<String, String> out) {
        Reader r = new Reader(b, from, from + len);
        String key = null;
        String value = "";
        while (r.hasMore()) {
            long tag = r.varint();
            if (tag < 0) {
                return;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if ((field == 1 || field == 2) && wire == 2) {
                int n = r.length();
                if (n < 0) {
                    return;
                }
                String s = new String(b, r.pos, n, StandardCharsets.UTF_8);
                r.pos += n;
                if (field == 1) {
                    key = s;
                } else {
                    value = s;
                }
            } else if (!r.skip(wire)) {
                return;
            }
        }
        if (key != null) {
            out.put(key, value);
        }
    }

    /** A bounded protobuf cursor. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.pos = from;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** @return the varint, or -1 if it runs past the end or over 10 bytes */
        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    return -1;
                }
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            return -1;
        }

        /** @return a length that fits in what is left, or -1 */
        int length() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                return -1;
            }
            return (int) n;
        }

        /** Skips one field's value; false if the wire type is unknown or the value runs past the end. */
        boolean skip(int wire) {
            switch (wire) {
                case 0:
                    return varint() >= 0;
                case 1:
                    return advance(8);
                case 2: {
                    int n = length();
                    return n >= 0 && advance(n);
                }
                case 5:
                    return advance(4);
                default:
                    return false; // groups (3, 4) do not occur in ONNX; anything else is corrupt
            }
        }

        private boolean advance(int n) {
            if (n > end - pos) {
                return false;
            }
            pos += n;
            return true;
        }
    }
}
