package io.edgecv.spi.flatbuffers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The reader on flatbuffers laid out by hand, byte by byte, as the FlatBuffers format defines them: a root offset,
 * a vtable, a table whose fields the vtable places. The files of both users (the TFLite verifier and converter) are
 * fuzzed in their own modules.
 */
class FlatBufferReaderTest {
    /** A checked exception of the caller's own, as the users pass theirs. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message);
        }
    }

    /**
     * Root offset 12; vtable at 4 (size 8, table size {@code tableSize}, field 0 at {@code field0}, field 1 absent);
     * table at 12 (soffset 8); an int32 42 at 16, an int64 at 24 when the file is long enough.
     */
    private static ByteBuffer file(int length, int vtSize, int tableSize, int field0) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 12);
        b.putShort(4, (short) vtSize).putShort(6, (short) tableSize).putShort(8, (short) field0);
        b.putInt(12, 8);
        b.putInt(16, 42);
        if (length >= 32) {
            b.putLong(24, 1L << 40);
        }
        return b;
    }

    private static FlatBufferReader<Bad> reader(ByteBuffer b) {
        return new FlatBufferReader<>(b.array(), b.capacity(), 4096, Bad::new);
    }

    private static FlatBufferReader.Table<Bad> root(FlatBufferReader<Bad> r) throws Bad {
        return r.table(r.deref(0, "root"), "model");
    }

    @Test
    void readsFieldsThroughTheVtableAndFallsBackForAbsentOnes() throws Bad {
        FlatBufferReader.Table<Bad> t = root(reader(file(20, 8, 8, 4)));
        assertThat(t.i32(0, "a", -1)).isEqualTo(42);
        assertThat(t.i32(1, "b", -1)).isEqualTo(-1);  // its vtable entry is 0: absent
        assertThat(t.i32(5, "far", 7)).isEqualTo(7);  // beyond the vtable: absent
        assertThat(root(reader(file(32, 8, 20, 12))).i64(0, "wide", 0)).isEqualTo(1L << 40);
    }

    @Test
    void refusesTablesAndFieldsOutsideTheFileOrTheirTable() {
        assertThatThrownBy(() -> root(reader(file(20, 8, 12, 4)))).isInstanceOf(Bad.class)
                .hasMessageContaining("model table lies outside the file");
        assertThatThrownBy(() -> root(reader(file(20, 8, 8, 6))).i32(0, "a", 0)).isInstanceOf(Bad.class)
                .hasMessageContaining("model.a lies outside its table");
        ByteBuffer pastEnd = file(20, 8, 8, 4).putInt(0, 40);
        assertThatThrownBy(() -> root(reader(pastEnd))).isInstanceOf(Bad.class)
                .hasMessageContaining("root points to byte 40, past the end of the file (20 bytes)");
        ByteBuffer cut = file(20, 8, 8, 4);
        assertThatThrownBy(() -> new FlatBufferReader<>(cut.array(), 14, 4096, Bad::new).table(12, "model"))
                .isInstanceOf(Bad.class).hasMessageContaining("model (table start) lies outside the file");
    }

    @Test
    void refusesMalformedVtablesAndMisalignedFields() {
        assertThatThrownBy(() -> root(reader(file(20, 7, 8, 4)))).isInstanceOf(Bad.class)
                .hasMessageContaining("malformed vtable (size 7)");
        assertThatThrownBy(() -> root(reader(file(20, 8, 2, 4)))).isInstanceOf(Bad.class)
                .hasMessageContaining("malformed table size 2");
        // an int64 at byte 20 is 4-aligned but not 8-aligned, which FlatBuffers' verifier refuses too
        assertThatThrownBy(() -> root(reader(file(32, 8, 20, 8))).i64(0, "wide", 0)).isInstanceOf(Bad.class)
                .hasMessageContaining("model.wide at byte 20 is not aligned to 8 bytes");
    }

    @Test
    void vectorsAndStringsAreCheckedWholeAndStringsCutToTheLimit() throws Bad {
        // field 0 of the table is an offset (at 16) to a string at 20: length 5, "hello", zero
        ByteBuffer b = file(32, 8, 8, 4);
        b.putInt(16, 4);
        b.putInt(20, 5);
        b.position(24);
        b.put("hello".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        assertThat(root(reader(b)).string(0, "name")).isEqualTo("hello");
        assertThat(root(new FlatBufferReader<>(b.array(), 32, 2, Bad::new)).string(0, "name")).isEqualTo("he");
        FlatBufferReader.Vector<Bad> bytes = root(reader(b)).vector(0, "data", 1);
        assertThat(bytes.length).isEqualTo(5);
        assertThat(new String(bytes.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        b.put(29, (byte) '!');
        assertThatThrownBy(() -> root(reader(b)).string(0, "name")).isInstanceOf(Bad.class)
                .hasMessageContaining("model.name is not zero-terminated");
        b.putInt(20, 1000);
        assertThatThrownBy(() -> root(reader(b)).vector(0, "data", 4)).isInstanceOf(Bad.class)
                .hasMessageContaining("model.data (1000 elements) lies outside the file");
    }
}
