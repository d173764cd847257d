package io.edgecv.tflite;

/**
 * Checks that a custom operator's options are a well-formed FlexBuffer (the format TFLite's custom kernels parse
 * without checking): every value, offset, vector, string, key and map lies inside the options bytes, keys and
 * strings are zero-terminated, widths are 1, 2, 4 or 8 bytes, types are known, nesting is at most 64 deep.
 *
 * <p>Thread-safety: stateless; each call uses its own state.
 */
final class FlexBuffersCheck {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_VISITS = 1_000_000;

    // value types
    private static final int NULL = 0;
    private static final int INT = 1;
    private static final int UINT = 2;
    private static final int FLOAT = 3;
    private static final int KEY = 4;
    private static final int STRING = 5;
    private static final int INDIRECT_INT = 6;
    private static final int INDIRECT_FLOAT = 8;
    private static final int MAP = 9;
    private static final int VECTOR = 10;
    private static final int VECTOR_INT = 11;
    private static final int VECTOR_KEY = 14;
    private static final int VECTOR_STRING_DEPRECATED = 15;
    private static final int VECTOR_INT2 = 16;
    private static final int VECTOR_FLOAT4 = 24;
    private static final int BLOB = 25;
    private static final int BOOL = 26;
    private static final int VECTOR_BOOL = 36;

    private final byte[] b;
    private final int start;
    private final int end;
    private final String path;
    private int visits;

    private FlexBuffersCheck(byte[] b, int start, int length, String path) {
        this.b = b;
        this.start = start;
        this.end = start + length;
        this.path = path;
    }

    /**
     * @param file   bytes holding the options
     * @param start  first byte of the options
     * @param length number of bytes
     * @param path   the options' path, for messages
     */
    static void verify(byte[] file, int start, int length, String path) throws ModelDefect {
        new FlexBuffersCheck(file, start, length, path).root();
    }

    private ModelDefect bad(String what) {
        return new ModelDefect(path + " is not a valid FlexBuffer: " + what);
    }

    private void root() throws ModelDefect {
        if (end - start < 3) {
            throw bad("only " + (end - start) + " bytes");
        }
        int rootWidth = b[end - 1] & 0xFF;
        checkWidth(rootWidth);
        int packed = b[end - 2] & 0xFF;
        int pos = end - 2 - rootWidth;
        if (pos < start) {
            throw bad("root value outside the options");
        }
        value(pos, rootWidth, packed, 0);
    }

    private void checkWidth(int w) throws ModelDefect {
        if (w != 1 && w != 2 && w != 4 && w != 8) {
            throw bad("byte width " + w);
        }
    }

    private void inBounds(long pos, long bytes) throws ModelDefect {
        if (pos < start || bytes < 0 || pos + bytes > end) {
            throw bad("bytes " + (pos - start) + ".." + (pos - start + bytes) + " lie outside its " + (end - start)
                    + " bytes");
        }
    }

    private long readUnsigned(int pos, int width) throws ModelDefect {
        inBounds(pos, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        return v;
    }

    /** Follows an offset stored at {@code pos} in {@code width} bytes: the target lies before {@code pos}. */
    private int target(int pos, int width) throws ModelDefect {
        long off = readUnsigned(pos, width);
        if (off == 0 || off > pos - start || off < 0) {
            throw bad("offset " + Long.toUnsignedString(off) + " at byte " + (pos - start) + " points outside");
        }
        return (int) (pos - off);
    }

    /** Checks the value stored at {@code pos} in a slot of {@code parentWidth} bytes with packed type. */
    private void value(int pos, int parentWidth, int packed, int depth) throws ModelDefect {
        if (++visits > MAX_VISITS || depth > MAX_DEPTH) {
            throw bad("nested too deep or too many values");
        }
        int type = packed >>> 2;
        int childWidth = 1 << (packed & 3);
        inBounds(pos, parentWidth);
        switch (type) {
            case NULL:
            case INT:
            case UINT:
            case FLOAT:
            case BOOL:
                return; // inline, in the slot already checked
            case KEY:
                key(target(pos, parentWidth));
                return;
            case STRING:
            case BLOB: {
                int data = target(pos, parentWidth);
                long size = readUnsigned(data - childWidth, childWidth);
                inBounds(data, size + (type == STRING ? 1 : 0));
                if (type == STRING && b[(int) (data + size)] != 0) {
                    throw bad("string not zero-terminated");
                }
                return;
            }
            default:
                break;
        }
        if (type >= INDIRECT_INT && type <= INDIRECT_FLOAT) {
            inBounds(target(pos, parentWidth), childWidth);
            return;
        }
        if (type == MAP || type == VECTOR) {
            int data = target(pos, parentWidth);
            long size = readUnsigned(data - childWidth, childWidth);
            inBounds(data, size * childWidth + size); // elements, then one type byte each
            if (type == MAP) {
                int keysSlot = data - 3 * childWidth;
                int keysWidth = (int) readUnsigned(data - 2 * childWidth, childWidth);
                checkWidth(keysWidth);
                int keys = target(keysSlot, childWidth);
                long keyCount = readUnsigned(keys - keysWidth, keysWidth);
                if (keyCount != size) {
                    throw bad("map with " + size + " values and " + keyCount + " keys");
                }
                inBounds(keys, keyCount * keysWidth);
                for (int i = 0; i < keyCount; i++) {
                    key(target(keys + i * keysWidth, keysWidth));
                }
            }
            int types = (int) (data + size * childWidth);
            for (int i = 0; i < size; i++) {
                value(data + i * childWidth, childWidth, b[types + i] & 0xFF, depth + 1);
            }
            return;
        }
        if (type >= VECTOR_INT && type <= VECTOR_STRING_DEPRECATED || type == VECTOR_BOOL) {
            int data = target(pos, parentWidth);
            long size = readUnsigned(data - childWidth, childWidth);
            inBounds(data, size * childWidth);
            if (type == VECTOR_KEY) {
                for (int i = 0; i < size; i++) {
                    key(target(data + i * childWidth, childWidth));
                }
            } else if (type == VECTOR_STRING_DEPRECATED) {
                for (int i = 0; i < size; i++) {
                    int s = target(data + i * childWidth, childWidth);
                    long len = readUnsigned(s - childWidth, childWidth);
                    inBounds(s, len + 1);
                }
            }
            return;
        }
        if (type >= VECTOR_INT2 && type <= VECTOR_FLOAT4) {
            int n = 2 + (type - VECTOR_INT2) / 3;
            inBounds(target(pos, parentWidth), (long) n * childWidth);
            return;
        }
        throw bad("unknown value type " + type);
    }

    private void key(int pos) throws ModelDefect {
        for (int i = pos; i < end; i++) {
            if (b[i] == 0) {
                return;
            }
        }
        throw bad("key not zero-terminated");
    }
}
