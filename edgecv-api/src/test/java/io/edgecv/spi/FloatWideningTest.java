package io.edgecv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FloatWideningTest {
    private static ByteBuffer bytes(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    @Test
    void dequantizesEightBitValuesAndConvertsTheOtherTypes() {
        FloatBuffer dst = FloatBuffer.allocate(3);
        FloatWidening.widen(ElementType.UINT8, bytes(3).put(0, (byte) 0).put(1, (byte) 10).put(2, (byte) 255), 3,
                0.5f, 10, dst);
        assertThat(dst.array()).containsExactly(-5f, 0f, 122.5f);
        FloatWidening.widen(ElementType.INT8, bytes(2).put(0, (byte) -128).put(1, (byte) 127), 2, dst);
        assertThat(dst.get(0)).isEqualTo(-128f);
        assertThat(dst.get(1)).isEqualTo(127f);
        FloatWidening.widen(ElementType.FLOAT16, bytes(4).putShort(0, (short) 0x3C00).putShort(2, (short) 0xC000),
                2, dst);
        assertThat(dst.get(0)).isEqualTo(1f);
        assertThat(dst.get(1)).isEqualTo(-2f);
        FloatWidening.widen(ElementType.INT32, bytes(8).putInt(0, -7).putInt(4, 1 << 20), 2, dst);
        assertThat(dst.get(1)).isEqualTo(1 << 20);
        FloatWidening.widen(ElementType.INT64, bytes(8).putLong(0, 3_000_000_000L), 1, dst);
        assertThat(dst.get(0)).isEqualTo(3e9f);
        FloatWidening.widen(ElementType.FLOAT32, bytes(4).putFloat(0, 0.25f), 1, dst);
        assertThat(dst.get(0)).isEqualTo(0.25f);
        assertThatThrownBy(() -> FloatWidening.widen(ElementType.OTHER, bytes(4), 1, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTHER");
    }

    @Test
    void reusesAHeapBufferLargeEnoughAndGrowsOtherwise() {
        FloatBuffer first = FloatWidening.reuse(null, 8);
        assertThat(first.hasArray()).isTrue();
        assertThat(first.limit()).isEqualTo(8);
        first.position(5);
        FloatBuffer smaller = FloatWidening.reuse(first, 4);
        assertThat(smaller).isSameAs(first);
        assertThat(smaller.position()).isZero();
        assertThat(smaller.limit()).isEqualTo(4);
        FloatBuffer larger = FloatWidening.reuse(first, 9);
        assertThat(larger).isNotSameAs(first);
        assertThat(larger.capacity()).isEqualTo(9);
        FloatBuffer direct = ByteBuffer.allocateDirect(64).asFloatBuffer();
        assertThat(FloatWidening.reuse(direct, 2).isDirect()).isFalse();
    }
}
