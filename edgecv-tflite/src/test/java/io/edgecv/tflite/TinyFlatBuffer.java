package io.edgecv.tflite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal FlatBuffers writer for tests: builds small TFLite models (and deliberately broken ones) from a tree
 * of tables, vectors and strings. Objects are laid out front to back, each child after its parent, so every
 * offset is forward as the format requires; vtables sit just before their tables.
 */
final class TinyFlatBuffer {
    /** A node of the tree. */
    interface Node {
    }

    /** A table: field slot to scalar or child node. */
    static final class Table implements Node {
        private final List<Object[]> fields = new ArrayList<>(); // {slot, size, value or Node}

        Table scalar(int slot, int size, long value) {
            fields.add(new Object[] {slot, size, value});
            return this;
        }

        Table ref(int slot, Node child) {
            if (child != null) {
                fields.add(new Object[] {slot, 4, child});
            }
            return this;
        }
    }

    /** A vector of scalars of one size. */
    static final class Scalars implements Node {
        final int size;
        final long[] values;

        Scalars(int size, long... values) {
            this.size = size;
            this.values = values;
        }
    }

    /** A vector of child nodes. */
    static final class Refs implements Node {
        final Node[] children;

        Refs(Node... children) {
            this.children = children;
        }
    }

    /** A string. */
    static final class Str implements Node {
        final byte[] bytes;

        Str(String s) {
            this.bytes = s.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Out out = new Out();

    private TinyFlatBuffer() {
    }

    /** @return the flatbuffer of {@code root} with the file identifier {@code TFL3} */
    static byte[] finish(Table root) {
        TinyFlatBuffer w = new TinyFlatBuffer();
        w.out.int32(0);
        w.out.bytes("TFL3".getBytes(StandardCharsets.US_ASCII));
        int rootPos = w.place(root);
        w.out.patch32(0, rootPos);
        return w.out.toByteArray();
    }

    private int place(Node n) {
        if (n instanceof Table) {
            return placeTable((Table) n);
        }
        if (n instanceof Scalars) {
            Scalars s = (Scalars) n;
            out.alignForVector(Math.max(4, s.size));
            int pos = out.size();
            out.int32(s.values.length);
            for (long v : s.values) {
                out.scalar(s.size, v);
            }
            return pos;
        }
        if (n instanceof Refs) {
            Refs r = (Refs) n;
            out.align(4);
            int pos = out.size();
            out.int32(r.children.length);
            int first = out.size();
            for (int i = 0; i < r.children.length; i++) {
                out.int32(0);
            }
            for (int i = 0; i < r.children.length; i++) {
                int at = first + 4 * i;
                out.patch32(at, place(r.children[i]) - at);
            }
            return pos;
        }
        Str s = (Str) n;
        out.align(4);
        int pos = out.size();
        out.int32(s.bytes.length);
        out.bytes(s.bytes);
        out.bytes(new byte[] {0});
        return pos;
    }

    private int placeTable(Table t) {
        int maxSlot = -1;
        for (Object[] f : t.fields) {
            maxSlot = Math.max(maxSlot, (int) f[0]);
        }
        // inline layout: soffset, then fields each aligned to its size (relative to an 8-aligned table start)
        int[] offsets = new int[maxSlot + 1];
        int size = 4;
        for (Object[] f : t.fields) {
            int fs = (int) f[1];
            size = (size + fs - 1) / fs * fs;
            offsets[(int) f[0]] = size;
            size += fs;
        }
        int vtSize = 4 + 2 * (maxSlot + 1);
        out.align(2);
        // the table must start 8-aligned; pad before the vtable so that vtable end + padding works
        while ((out.size() + vtSize) % 8 != 0) {
            out.bytes(new byte[] {0});
        }
        int vt = out.size();
        out.int16(vtSize);
        out.int16(size);
        for (int o : offsets) {
            out.int16(o);
        }
        int pos = out.size();
        out.int32(pos - vt);
        for (int i = 4; i < size; i++) {
            out.bytes(new byte[] {0});
        }
        List<Object[]> refs = new ArrayList<>();
        for (Object[] f : t.fields) {
            int at = pos + offsets[(int) f[0]];
            if (f[2] instanceof Node) {
                refs.add(new Object[] {at, f[2]});
            } else {
                out.patchScalar(at, (int) f[1], (long) f[2]);
            }
        }
        for (Object[] r : refs) {
            int at = (int) r[0];
            out.patch32(at, place((Node) r[1]) - at);
        }
        return pos;
    }

    /** Little-endian growable output. */
    private static final class Out extends ByteArrayOutputStream {
        void align(int a) {
            while (size() % a != 0) {
                write(0);
            }
        }

        /** Pads so the length word is 4-aligned and the elements after it {@code a}-aligned. */
        void alignForVector(int a) {
            while (size() % 4 != 0 || (size() + 4) % a != 0) {
                write(0);
            }
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void int16(int v) {
            scalar(2, v);
        }

        void int32(int v) {
            scalar(4, v);
        }

        void scalar(int size, long v) {
            for (int i = 0; i < size; i++) {
                write((int) (v >>> (8 * i)) & 0xFF);
            }
        }

        void patch32(int at, int v) {
            patchScalar(at, 4, v);
        }

        void patchScalar(int at, int size, long v) {
            for (int i = 0; i < size; i++) {
                buf[at + i] = (byte) (v >>> (8 * i));
            }
        }
    }
}
