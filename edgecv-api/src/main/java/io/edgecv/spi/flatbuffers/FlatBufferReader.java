package io.edgecv.spi.flatbuffers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A FlatBuffers reader that checks every read against the bounds and alignment rules of the format before it
 * happens, as FlatBuffers' own C++ verifier does: tables and their vtables (even size of at least 4 bytes, 2-aligned,
 * inside the buffer), table fields inside their table and aligned to their size, offsets pointing inside the buffer,
 * vectors and zero-terminated strings inside the buffer with 4-aligned lengths. A violation throws the caller's
 * exception ({@code defect}) naming the path of the bad object ({@code model.subgraphs[0].tensors[3].shape}), so a
 * hostile or truncated file is refused and never read outside. Everything it allocates is bounded by the file's size,
 * and the tables one reader visits by {@link #MAX_TABLES}.
 *
 * <p>Internal to EdgeCV (see the package documentation). Hand-written rather than generated with
 * {@code com.google.flatbuffers:flatbuffers-java}: FlatBuffers' Java runtime has no verifier (its accessors trust
 * every offset), and EdgeCV reads a few dozen fields of one schema.
 *
 * <p>Thread-safety: not thread-safe (counts the tables it visits).
 *
 * @param <E> the checked exception a defect is reported with
 */
public final class FlatBufferReader<E extends Exception> {
    /** Most tables one reader may visit; bounds the work a hostile file can cause. */
    public static final int MAX_TABLES = 4_000_000;

    private final ByteBuffer buf;
    private final int end;
    private final int maxStringBytes;
    private final Function<String, E> defect;
    private int tables;

    /**
     * @param bytes          the flatbuffer, from index 0
     * @param end            how many bytes of it are the flatbuffer
     * @param maxStringBytes longest string returned; longer ones are checked whole and returned cut to this length
     * @param defect         makes the exception for a message naming the defect
     * @throws IllegalArgumentException if {@code end} is outside {@code bytes} or {@code maxStringBytes} negative
     */
    public FlatBufferReader(byte[] bytes, int end, int maxStringBytes, Function<String, E> defect) {
        if (end < 0 || end > bytes.length || maxStringBytes < 0) {
            throw new IllegalArgumentException("end " + end + " of " + bytes.length + " bytes, maxStringBytes "
                    + maxStringBytes);
        }
        this.buf = ByteBuffer.wrap(bytes, 0, end).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.end = end;
        this.maxStringBytes = maxStringBytes;
        this.defect = defect;
    }

    /** @return the exception for {@code message} */
    public E defect(String message) {
        return defect.apply(message);
    }

    /** @throws E unless bytes {@code pos .. pos + bytes} lie inside the buffer */
    public void require(long pos, long bytes, String path) throws E {
        if (pos < 0 || bytes < 0 || pos + bytes > end) {
            throw defect(path + " lies outside the file (bytes " + pos + ".." + (pos + bytes) + " of " + end + ")");
        }
    }

    /** @throws E unless {@code pos} is a multiple of {@code alignment} */
    public void aligned(long pos, int alignment, String path) throws E {
        if (pos % alignment != 0) {
            throw defect(path + " at byte " + pos + " is not aligned to " + alignment + " bytes");
        }
    }

    /** @return the unsigned byte at {@code pos}, checked */
    public int u8(int pos, String path) throws E {
        require(pos, 1, path);
        return buf.get(pos) & 0xFF;
    }

    /** @return the signed byte at {@code pos}, checked */
    public int i8(int pos, String path) throws E {
        require(pos, 1, path);
        return buf.get(pos);
    }

    /** @return the unsigned 16-bit value at {@code pos}, checked */
    public int u16(int pos, String path) throws E {
        require(pos, 2, path);
        aligned(pos, 2, path);
        return buf.getShort(pos) & 0xFFFF;
    }

    /** @return the signed 32-bit value at {@code pos}, checked */
    public int i32(int pos, String path) throws E {
        require(pos, 4, path);
        aligned(pos, 4, path);
        return buf.getInt(pos);
    }

    /** @return the unsigned 32-bit value at {@code pos}, checked */
    public long u32(int pos, String path) throws E {
        return i32(pos, path) & 0xFFFFFFFFL;
    }

    /** @return the signed 64-bit value at {@code pos}, checked */
    public long i64(int pos, String path) throws E {
        require(pos, 8, path);
        aligned(pos, 8, path);
        return buf.getLong(pos);
    }

    /** @return the float at {@code pos}, checked */
    public float f32(int pos, String path) throws E {
        return Float.intBitsToFloat(i32(pos, path));
    }

    /** @return a copy of bytes {@code pos .. pos + length}, checked */
    public byte[] bytes(long pos, long length, String path) throws E {
        require(pos, length, path);
        byte[] b = new byte[(int) length];
        buf.get((int) pos, b);
        return b;
    }

    /** @return the absolute position the unsigned offset stored at {@code pos} points at, inside the buffer */
    public int deref(int pos, String path) throws E {
        long target = pos + u32(pos, path);
        if (target >= end) {
            throw defect(path + " points to byte " + target + ", past the end of the file (" + end + " bytes)");
        }
        return (int) target;
    }

    /** @return the table at {@code pos}, its vtable and inline data checked */
    public Table<E> table(int pos, String path) throws E {
        if (++tables > MAX_TABLES) {
            throw defect("the file makes the reader visit more than " + MAX_TABLES + " tables");
        }
        long vt = (long) pos - i32(pos, path + " (table start)");
        require(vt, 4, path + " vtable");
        aligned(vt, 2, path + " vtable");
        int vtSize = u16((int) vt, path + " vtable size");
        int tableSize = u16((int) vt + 2, path + " table size");
        if (vtSize < 4 || (vtSize & 1) != 0) {
            throw defect(path + " has a malformed vtable (size " + vtSize + ")");
        }
        require(vt, vtSize, path + " vtable");
        if (tableSize < 4) {
            throw defect(path + " has a malformed table size " + tableSize);
        }
        require(pos, tableSize, path + " table");
        return new Table<>(this, pos, (int) vt, vtSize, tableSize, path);
    }

    /** @return the vector of {@code elementSize}-byte elements (or offsets) at {@code pos}, checked */
    public Vector<E> vector(int pos, int elementSize, String path) throws E {
        long length = u32(pos, path + " length");
        require(pos + 4L, length * elementSize, path + " (" + length + " elements)");
        return new Vector<>(this, pos + 4, (int) length, elementSize, path);
    }

    /** @return the string at {@code pos} (length, bytes and terminating zero checked), cut to the reader's limit */
    public String string(int pos, String path) throws E {
        long length = u32(pos, path + " length");
        require(pos + 4L, length + 1, path + " (" + length + " bytes)");
        if (buf.get((int) (pos + 4 + length)) != 0) {
            throw defect(path + " is not zero-terminated");
        }
        byte[] b = new byte[(int) Math.min(length, maxStringBytes)];
        buf.get(pos + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Unchecked read of an element proven in bounds by {@link Vector}. */
    int rawI32(int pos) {
        return buf.getInt(pos);
    }

    long rawI64(int pos) {
        return buf.getLong(pos);
    }

    /**
     * One checked table: fields are looked up through its vtable and checked to lie inside the table.
     *
     * <p>Thread-safety: not thread-safe.
     *
     * @param <E> the reader's exception
     */
    public static final class Table<E extends Exception> {
        /** The reader it was read with. */
        public final FlatBufferReader<E> reader;
        /** Its absolute position. */
        public final int pos;
        /** Its path, for messages. */
        public final String path;
        private final int vt;
        private final int vtSize;
        private final int tableSize;

        Table(FlatBufferReader<E> reader, int pos, int vt, int vtSize, int tableSize, String path) {
            this.reader = reader;
            this.pos = pos;
            this.vt = vt;
            this.vtSize = vtSize;
            this.tableSize = tableSize;
            this.path = path;
        }

        /** @return the absolute position of field {@code id} of {@code size} bytes (checked), or -1 if absent */
        public int field(int id, int size, String name) throws E {
            int slot = 4 + 2 * id;
            if (slot + 2 > vtSize) {
                return -1;
            }
            int offset = reader.u16(vt + slot, path + "." + name + " vtable entry");
            if (offset == 0) {
                return -1;
            }
            if (offset + size > tableSize) {
                throw reader.defect(path + "." + name + " lies outside its table");
            }
            int p = pos + offset;
            reader.aligned(p, size, path + "." + name);
            return p;
        }

        /** @return unsigned byte field {@code id}, or {@code fallback} if absent */
        public int u8(int id, String name, int fallback) throws E {
            int p = field(id, 1, name);
            return p < 0 ? fallback : reader.u8(p, path + "." + name);
        }

        /** @return signed byte field {@code id}, or {@code fallback} if absent */
        public int i8(int id, String name, int fallback) throws E {
            int p = field(id, 1, name);
            return p < 0 ? fallback : reader.i8(p, path + "." + name);
        }

        /** @return 32-bit field {@code id}, or {@code fallback} if absent */
        public int i32(int id, String name, int fallback) throws E {
            int p = field(id, 4, name);
            return p < 0 ? fallback : reader.i32(p, path + "." + name);
        }

        /** @return unsigned 32-bit field {@code id}, or {@code fallback} if absent */
        public long u32(int id, String name, long fallback) throws E {
            int p = field(id, 4, name);
            return p < 0 ? fallback : reader.u32(p, path + "." + name);
        }

        /** @return 64-bit field {@code id}, or {@code fallback} if absent */
        public long i64(int id, String name, long fallback) throws E {
            int p = field(id, 8, name);
            return p < 0 ? fallback : reader.i64(p, path + "." + name);
        }

        /** @return float field {@code id}, or {@code fallback} if absent */
        public float f32(int id, String name, float fallback) throws E {
            int p = field(id, 4, name);
            return p < 0 ? fallback : reader.f32(p, path + "." + name);
        }

        /** @return the sub-table of field {@code id}, checked, or null if absent */
        public Table<E> table(int id, String name) throws E {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            return reader.table(reader.deref(p, sub), sub);
        }

        /** @return the vector of field {@code id}, checked, or null if absent */
        public Vector<E> vector(int id, String name, int elementSize) throws E {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            return reader.vector(reader.deref(p, sub), elementSize, sub);
        }

        /** @return the string of field {@code id}, checked and cut to the reader's limit, or null if absent */
        public String string(int id, String name) throws E {
            int p = field(id, 4, name);
            if (p < 0) {
                return null;
            }
            String sub = path + "." + name;
            return reader.string(reader.deref(p, sub), sub);
        }
    }

    /**
     * One checked vector; its elements are inside the buffer by construction.
     *
     * <p>Thread-safety: not thread-safe.
     *
     * @param <E> the reader's exception
     */
    public static final class Vector<E extends Exception> {
        /** The reader it was read with. */
        public final FlatBufferReader<E> reader;
        /** Absolute position of its first element. */
        public final int start;
        /** Its element count. */
        public final int length;
        /** Bytes per element. */
        public final int elementSize;
        /** Its path, for messages. */
        public final String path;

        Vector(FlatBufferReader<E> reader, int start, int length, int elementSize, String path) {
            this.reader = reader;
            this.start = start;
            this.length = length;
            this.elementSize = elementSize;
            this.path = path;
        }

        /** @return 32-bit element {@code i} of a vector of 4-byte elements ({@code i} below {@link #length}) */
        public int i32(int i) {
            return reader.rawI32(start + 4 * i);
        }

        /** @return 64-bit element {@code i} of a vector of 8-byte elements */
        public long i64(int i) {
            return reader.rawI64(start + 8 * i);
        }

        /** @return float element {@code i} of a vector of 4-byte elements */
        public float f32(int i) {
            return Float.intBitsToFloat(reader.rawI32(start + 4 * i));
        }

        /** @return all elements of a vector of 4-byte integers */
        public int[] ints() {
            int[] v = new int[length];
            for (int i = 0; i < length; i++) {
                v[i] = i32(i);
            }
            return v;
        }

        /** @return a copy of its bytes */
        public byte[] bytes() throws E {
            return reader.bytes(start, (long) length * elementSize, path);
        }

        /** @return table element {@code i} of a vector of tables, checked */
        public Table<E> table(int i) throws E {
            String sub = path + "[" + i + "]";
            return reader.table(reader.deref(start + 4 * i, sub), sub);
        }
    }
}
