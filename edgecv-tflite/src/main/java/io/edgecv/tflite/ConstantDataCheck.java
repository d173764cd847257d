package io.edgecv.tflite;

/**
 * Checks a constant tensor's data against its type and shape: exactly the bytes the elements need (int4 packed two
 * to a byte), string tensors well formed (count, increasing offsets, ending at the buffer's end), and no constant
 * resource or variant tensors.
 *
 * <p>Thread-safety: stateless.
 */
final class ConstantDataCheck {
    private ConstantDataCheck() {
    }

    /**
     * @param file the whole file
     * @param path the tensor's path, for messages
     * @param buffer the tensor's buffer index, for messages
     * @param start where the buffer's data starts in the file (checked to lie inside it)
     * @param have the buffer's size in bytes (checked to lie inside the file)
     * @param type the tensor's type
     * @param elements the values the buffer must hold (for a sparse tensor, the stored ones)
     * @throws ModelDefect if the data does not fit the tensor
     */
    static void check(byte[] file, String path, int buffer, long start, long have, int type, long elements)
            throws ModelDefect {
        if (type == TfLiteSchema.STRING) {
            strings(file, path, (int) start, have, elements);
            return;
        }
        if (type == TfLiteSchema.RESOURCE || type == TfLiteSchema.VARIANT) {
            throw new ModelDefect(path + " is a constant " + TfLiteSchema.typeName(type) + " tensor");
        }
        long need = elements * TfLiteSchema.typeBytes(type);
        boolean ok = have == need || type == TfLiteSchema.INT4 && have == (elements + 1) / 2;
        if (!ok) {
            throw new ModelDefect(path + " is a constant " + TfLiteSchema.typeName(type) + " tensor of "
                    + elements + " elements (" + need + " bytes) but buffers[" + buffer + "] holds " + have
                    + " bytes");
        }
    }

    /** TFLite string tensors: int32 count n, n + 1 int32 offsets, then the bytes. */
    private static void strings(byte[] file, String path, int start, long size, long elements)
            throws ModelDefect {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (size < 4) {
            throw new ModelDefect(path + " is a string constant of " + size + " bytes");
        }
        long n = b.getInt(start);
        if (n != elements || n < 0 || (n + 2) * 4 > size) {
            throw new ModelDefect(path + " is a malformed string constant (" + n + " strings for "
                    + elements + " elements in " + size + " bytes)");
        }
        long previous = (n + 2) * 4;
        for (int i = 0; i <= n; i++) {
            long off = b.getInt(start + 4 + 4 * i) & 0xFFFFFFFFL;
            if (i == 0 ? off != previous : off < previous || off > size) {
                throw new ModelDefect(path + " is a malformed string constant (offset " + i + " is " + off
                        + ")");
            }
            previous = off;
        }
        if (previous != size) {
            throw new ModelDefect(path + " is a malformed string constant (ends at " + previous + " of "
                    + size + " bytes)");
        }
    }
}
