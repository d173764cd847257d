package io.edgecv.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A FlatBuffers reader that checks every read against the bounds and alignment rules of the format before it
 * happens: tables and their vtables, offsets, vectors and strings must lie inside the buffer, scalars must be
 * naturally aligned, vtables must be well formed. A violation throws {@link ModelDefect} naming the path of the
 * bad object, so callers can walk a hostile file without ever reading outside it.
 *
 * <p>Thread-safety: not thread-safe (counts the tables it visits).
 */
final class FlatBuffer {
    /** Most tables one file may make the verifier visit; bounds the work a hostile file can cause. */
    static final int MAX_TABLES = 4_000_000;

    private final ByteBuffer buf;
    private final int end;
    private int tables;

    /**
     * @param bytes the flatbuffer (from index 0)
     * @param end   how many bytes of it are the flatbuffer
     */
    FlatBuffer(byte[] bytes, int end) {
        this.buf = ByteBuffer.wrap(bytes, 0, end).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.end = end;
    }

    void require(long pos, long bytes, String path) throws ModelDefect {
        if (pos < 0 || bytes < 0 || pos + bytes > end) {
            throw new ModelDefect(path + " lies outside the file (bytes " + pos + ".." + (pos + bytes) + " of "
                    + end + ")");
        }
    }

    void aligned(long pos, int alignment, String path) throws ModelDefect {
        if (pos % alignment != 0) {
            throw new ModelDefect(path + " at byte " + pos + " is not aligned to " + alignment + " bytes");
        }
    }

    int u8(int pos, String path) throws ModelDefect {
        require(pos, 1, path);
        return buf.get(pos) & 0xFF;
    }

    int i8(int pos, String path) throws ModelDefect {
        require(pos, 1, path);
        return buf.get(pos);
    }

    int u16(int pos, String path) throws ModelDefect {
        require(pos, 2, path);
        aligned(pos, 2, path);
        return buf.getShort(pos) & 0xFFFF;
    }

    int i32(int pos, String path) throws ModelDefect {
        require(pos, 4, path);
        aligned(pos, 4, path);
        return buf.getInt(pos);
    }

    long u32(int pos, String path) throws ModelDefect {
        return i32(pos, path) & 0xFFFFFFFFL;
    }

    long i64(int pos, String path) throws ModelDefect {
        require(pos, 8, path);
        aligned(pos, 8, path);
        return buf.getLong(pos);
    }

    float f32(int pos, String path) throws ModelDefect {
        return Float.intBitsToFloat(i32(pos, path));
    }

    /** Unchecked read of an element already proven in bounds by {@link Vector}. */
    int rawI32(int pos) {
        return buf.getInt(pos);
    }

    long rawI64(int pos) {
        return buf.getLong(pos);
    }

    /**
     * Follows the unsigned 32-bit offset stored at {@code pos}.
     *
     * @return the absolute position it points at, inside the buffer
     */
    int deref(int pos, String path) throws ModelDefect {
        long target = pos + u32(pos, path);
        if (target >= end) {
            throw new ModelDefect(path + " points to byte " + target + ", past the end of the file (" + end
                    + " bytes)");
        }
        return (int) target;
    }

    /**
     * Checks the table at {@code pos}: its vtable (even size of at least 4 bytes, inside the buffer, 2-aligned)
     * and its inline data (inside the buffer, 4-aligned).
     */
    Table table(int pos, String path) throws ModelDefect {
        if (++tables > MAX_TABLES) {
            throw new ModelDefect("the file makes the verifier visit more than " + MAX_TABLES + " tables");
        }
        int soffset = i32(pos, path + " (table start)");
        long vt = (long) pos - soffset;
        require(vt, 4, path + " vtable");
        aligned(vt, 2, path + " vtable");
        int vtSize = u16((int) vt, path + " vtable size");
        int tableSize = u16((int) vt + 2, path + " table size");
        if (vtSize < 4 || (vtSize & 1) != 0) {
            throw new ModelDefect(path + " has a malformed vtable (size " + vtSize + ")");
        }
        require(vt, vtSize, path + " vtable");
        if (tableSize < 4) {
            throw new ModelDefect(path + " has a malformed table size " + tableSize);
        }
        require(pos, tableSize, path + " table");
        return new Table(this, pos, (int) vt, vtSize, tableSize, path);
    }

    /** Checks a vector of {@code elementSize}-byte elements (or offsets) at {@code pos}. */
    Vector vector(int pos, int elementSize, String path) throws ModelDefect {
        long length = u32(pos, path + " length");
        long bytes = length * elementSize;
        require(pos + 4L, bytes, path + " (" + length + " elements)");
        return new Vector(this, pos + 4, (int) length, elementSize, path);
    }

    /** Checks a string at {@code pos}: length, bytes and the terminating zero inside the buffer. */
    String string(int pos, String path) throws ModelDefect {
        long length = u32(pos, path + " length");
        require(pos + 4L, length + 1, path + " (" + length + " bytes)");
        if (buf.get((int) (pos + 4 + length)) != 0) {
            throw new ModelDefect(path + " is not zero-terminated");
        }
        byte[] b = new byte[(int) Math.min(length, 4096)];
        buf.get(pos + 4, b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * One checked table: fields are looked up through its vtable and checked to lie inside the table.
     *
     * <p>Thread-safety: not thread-safe.
     */
    static final class Table {
        final FlatBuffer fb;
        final int pos;
        final String path;
        private final int vt;
        private final int vtSize;
        private final int tableSize;

        Table(FlatBuffer fb, int pos, int vt, int vtSize, int tableSize, String path) {
            this.fb = fb;
            this.pos = pos;
            this.vt = vt;
            this.vtSize = vtSize;
            this.tableSize = tableSize;
            this.path = path;
        }

        /** @return absolute position of field {@code id} of {@code size} bytes, or -1 if absent */
        int field(int id, int size, String name) throws ModelDefect {
            int slot = 4 + 2 * id;
            if (slot + 2 > vtSize) {
                return -1;
            }
            int offset = fb.u16(vt + slot, path + "." + name + " vtable entry");
            if (offset == 0) {
                return -1;
            }
            if (offset + size > tableSize) {
                throw new ModelDefect(path + "." + name + " lies outside its table");
            }
            int p = pos + offset;
            fb.aligned(p, size, path + "." + name);
            return p;
        }

        int u8(int id, String name, int fallback) throws ModelDefect {
            int p = field(id, 1, name);
            return p < 0 ? fallback : fb.u8(p, path + "." + name);
        }

        int i8(int id, String name, int fallback) throws ModelDefect {
            int p = field(id, 1, name);
            return p < 0 ? fallback : fb.i8(p, path + "." + name);
        }

        int i32(int id, String name, int fallback) throws ModelDefect {
            int p = field(id, 4, name);
            return p < 0 ? fallback : fb.i32(p, path + "." + name);
        }

        long u32(int id, String name, long fallback) throws ModelDefect {
            int p = field(id, 4, name);
            return p < 0 ? fallback : fb.u32(p, path + "." + name);
        }

        long i64(int id, String name, long fallback) throws ModelDefect {
            int p = field(id, 8, name);
            return p < 0 ? fallback : fb.i64(p, path + "." + name);
        }

        float f32(int id, String name, float fallback) throws ModelDefect {
            int p = field(id, 4, name);
            return p < 0 ? fallback : fb.f32(p, path + "." + name);
        }

        /** @return the sub-table of field {@code id}, checked, or null if absent */
        Table table(int id, String name) throws ModelDefect {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            int target = fb.deref(p, sub);
            return fb.table(target, sub);
        }

        /** @return the vector of field {@code id}, checked, or null if absent */
        Vector vector(int id, String name, int elementSize) throws ModelDefect {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            int target = fb.deref(p, sub);
            return fb.vector(target, elementSize, sub);
        }

        /** @return the string of field {@code id} (first 4096 bytes), checked, or null if absent */
        String string(int id, String name) throws ModelDefect {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            return fb.string(fb.deref(p, sub), sub);
        }
    }

    /**
     * One checked vector; elements are in bounds by construction.
     *
     * <p>Thread-safety: not thread-safe.
     */
    static final class Vector {
        final FlatBuffer fb;
        final int start;
        final int length;
        final int elementSize;
        final String path;

        Vector(FlatBuffer fb, int start, int length, int elementSize, String path) {
            this.fb = fb;
            this.start = start;
            this.length = length;
            this.elementSize = elementSize;
            this.path = path;
        }

        int i32(int i) {
            return fb.rawI32(start + 4 * i);
        }

        long i64(int i) {
            return fb.rawI64(start + 8 * i);
        }

        float f32(int i) {
            return Float.intBitsToFloat(fb.rawI32(start + 4 * i));
        }

        /** @return the table element {@code i} of a vector of tables, checked */
        Table table(int i) throws ModelDefect {
            String sub = path + "[" + i + "]";
            return fb.table(fb.deref(start + 4 * i, sub), sub);
        }
    }
}
