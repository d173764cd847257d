package io.edgecv.onnx.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A FlatBuffers reader that checks every read against the bounds and alignment rules of the format before it
 * happens (tables and vtables, offsets, vectors, strings), so a hostile or truncated file gives one
 * {@link TfLiteFormatException} naming the bad object, never a read outside the file. Everything it allocates is
 * bounded by the file's size.
 *
 * <p>Hand-written rather than generated with {@code com.google.flatbuffers:flatbuffers-java}: the Java runtime of
 * FlatBuffers has no verifier (its accessors trust every offset), the converter reads a few dozen fields of the
 * schema, and generated classes would add the {@code flatc} compiler to the build.
 *
 * <p>Thread-safety: not thread-safe (counts the tables it visits).
 */
final class FlatReader {
    /** Most tables one file may make the reader visit; bounds the work a hostile file can cause. */
    static final int MAX_TABLES = 4_000_000;

    private final ByteBuffer buf;
    private final int end;
    private int tables;

    FlatReader(byte[] bytes) {
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.end = bytes.length;
    }

    void require(long pos, long bytes, String path) throws TfLiteFormatException {
        if (pos < 0 || bytes < 0 || pos + bytes > end) {
            throw new TfLiteFormatException(path + " lies outside the file (bytes " + pos + ".." + (pos + bytes)
                    + " of " + end + ")");
        }
    }

    private void aligned(long pos, int alignment, String path) throws TfLiteFormatException {
        if (pos % alignment != 0) {
            throw new TfLiteFormatException(path + " at byte " + pos + " is not aligned to " + alignment
                    + " bytes");
        }
    }

    int u16(int pos, String path) throws TfLiteFormatException {
        require(pos, 2, path);
        aligned(pos, 2, path);
        return buf.getShort(pos) & 0xFFFF;
    }

    int i32(int pos, String path) throws TfLiteFormatException {
        require(pos, 4, path);
        aligned(pos, 4, path);
        return buf.getInt(pos);
    }

    long u32(int pos, String path) throws TfLiteFormatException {
        return i32(pos, path) & 0xFFFFFFFFL;
    }

    /** Copies {@code length} bytes from {@code pos}, already proven in bounds by the caller. */
    byte[] bytes(long pos, long length, String path) throws TfLiteFormatException {
        require(pos, length, path);
        byte[] b = new byte[(int) length];
        buf.get((int) pos, b);
        return b;
    }

    /** @return the absolute position the unsigned offset stored at {@code pos} points at, inside the file */
    int deref(int pos, String path) throws TfLiteFormatException {
        long target = pos + u32(pos, path);
        if (target >= end) {
            throw new TfLiteFormatException(path + " points to byte " + target + ", past the end of the file ("
                    + end + " bytes)");
        }
        return (int) target;
    }

    /** Checks the table at {@code pos}: its vtable and inline data lie inside the file. */
    Table table(int pos, String path) throws TfLiteFormatException {
        if (++tables > MAX_TABLES) {
            throw new TfLiteFormatException("the file has more than " + MAX_TABLES + " tables");
        }
        long vt = (long) pos - i32(pos, path + " (table start)");
        require(vt, 4, path + " vtable");
        aligned(vt, 2, path + " vtable");
        int vtSize = u16((int) vt, path + " vtable size");
        int tableSize = u16((int) vt + 2, path + " table size");
        if (vtSize < 4 || (vtSize & 1) != 0 || tableSize < 4) {
            throw new TfLiteFormatException(path + " has a malformed vtable (sizes " + vtSize + ", " + tableSize
                    + ")");
        }
        require(vt, vtSize, path + " vtable");
        require(pos, tableSize, path + " table");
        return new Table(pos, (int) vt, vtSize, tableSize, path);
    }

    /** Checks a vector of {@code elementSize}-byte elements at {@code pos}. */
    Vector vector(int pos, int elementSize, String path) throws TfLiteFormatException {
        long length = u32(pos, path + " length");
        require(pos + 4L, length * elementSize, path + " (" + length + " elements)");
        if (elementSize > 1) {
            aligned(pos + 4L, Math.min(elementSize, 4), path);
        }
        return new Vector(pos + 4, (int) length, elementSize, path);
    }

    String string(int pos, String path) throws TfLiteFormatException {
        long length = u32(pos, path + " length");
        require(pos + 4L, length + 1, path + " (" + length + " bytes)");
        if (buf.get((int) (pos + 4 + length)) != 0) {
            throw new TfLiteFormatException(path + " is not zero-terminated");
        }
        byte[] b = new byte[(int) length];
        buf.get(pos + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * One checked table: fields are looked up through its vtable and must lie inside the table.
     *
     * <p>Thread-safety: not thread-safe.
     */
    final class Table {
        private final int pos;
        private final int vt;
        private final int vtSize;
        private final int tableSize;
        final String path;

        private Table(int pos, int vt, int vtSize, int tableSize, String path) {
            this.pos = pos;
            this.vt = vt;
            this.vtSize = vtSize;
            this.tableSize = tableSize;
            this.path = path;
        }

        /** @return absolute position of field {@code id} of {@code size} bytes, or -1 if absent */
        private int field(int id, int size, String name) throws TfLiteFormatException {
            int slot = 4 + 2 * id;
            if (slot + 2 > vtSize) {
                return -1;
            }
            int offset = u16(vt + slot, path + "." + name + " vtable entry");
            if (offset == 0) {
                return -1;
            }
            if (offset + size > tableSize) {
                throw new TfLiteFormatException(path + "." + name + " lies outside its table");
            }
            int p = pos + offset;
            aligned(p, Math.min(size, 4), path + "." + name);
            return p;
        }

        int u8(int id, String name, int fallback) throws TfLiteFormatException {
            int p = field(id, 1, name);
            if (p < 0) {
                return fallback;
            }
            require(p, 1, path + "." + name);
            return buf.get(p) & 0xFF;
        }

        int i32(int id, String name, int fallback) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? fallback : FlatReader.this.i32(p, path + "." + name);
        }

        long u32(int id, String name, long fallback) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? fallback : FlatReader.this.u32(p, path + "." + name);
        }

        long i64(int id, String name, long fallback) throws TfLiteFormatException {
            int p = field(id, 8, name);
            if (p < 0) {
                return fallback;
            }
            require(p, 8, path + "." + name);
            return buf.getLong(p);
        }

        float f32(int id, String name, float fallback) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? fallback : Float.intBitsToFloat(FlatReader.this.i32(p, path + "." + name));
        }

        /** @return the sub-table of field {@code id}, checked, or null if absent */
        Table table(int id, String name) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? null : FlatReader.this.table(deref(p, path + "." + name), path + "." + name);
        }

        /** @return the vector of field {@code id}, checked, or null if absent */
        Vector vector(int id, String name, int elementSize) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? null : FlatReader.this.vector(deref(p, path + "." + name), elementSize,
                    path + "." + name);
        }

        /** @return the string of field {@code id}, checked, or null if absent */
        String string(int id, String name) throws TfLiteFormatException {
            int p = field(id, 4, name);
            return p < 0 ? null : FlatReader.this.string(deref(p, path + "." + name), path + "." + name);
        }
    }

    /**
     * One checked vector; its elements are inside the file by construction.
     *
     * <p>Thread-safety: not thread-safe.
     */
    final class Vector {
        final int start;
        final int length;
        private final int elementSize;
        final String path;

        private Vector(int start, int length, int elementSize, String path) {
            this.start = start;
            this.length = length;
            this.elementSize = elementSize;
            this.path = path;
        }

        int i32(int i) {
            return buf.getInt(start + 4 * i);
        }

        long i64(int i) {
            return buf.getLong(start + 8 * i);
        }

        float f32(int i) {
            return Float.intBitsToFloat(buf.getInt(start + 4 * i));
        }

        /** @return all elements of a vector of 4-byte integers */
        int[] ints() {
            int[] v = new int[length];
            for (int i = 0; i < length; i++) {
                v[i] = i32(i);
            }
            return v;
        }

        /** @return the table element {@code i} of a vector of tables, checked */
        Table table(int i) throws TfLiteFormatException {
            String sub = path + "[" + i + "]";
            return FlatReader.this.table(deref(start + 4 * i, sub), sub);
        }

        /** @return the bytes of a vector of bytes */
        byte[] bytes() throws TfLiteFormatException {
            return FlatReader.this.bytes(start, (long) length * elementSize, path);
        }
    }
}
