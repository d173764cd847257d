package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorConversionsTest {
    static ByteBuffer bytes(int n) {
        return ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
    }

    static FloatBuffer floats(float... v) {
        FloatBuffer f = ByteBuffer.allocateDirect(v.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        f.put(v).flip();
        return f;
    }

    @Test
    void halfInputsRoundTripThroughNarrowAndWiden() {
        float[] v = {0f, 1f, -2.5f, 65504f, 1e-7f, 0.333333f, Float.NaN, Float.NEGATIVE_INFINITY};
        ByteBuffer half = bytes(v.length * 2);
        TensorConversions.narrow(floats(v), half, v.length, TrtDataType.HALF);
        FloatBuffer back = floats(new float[v.length]);
        TensorConversions.widen(half, TrtDataType.HALF, back, v.length);
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToIntBits(back.get(i))).as("%s", v[i])
                    .isEqualTo(Float.floatToIntBits(Float16.toFloat(Float16.fromFloat(v[i]))));
        }
        assertThat(back.get(2)).isEqualTo(-2.5f);
        assertThat(back.get(3)).isEqualTo(65504f);
        assertThat(back.get(6)).isNaN();
    }

    @Test
    void bf16KeepsTheExponentRangeAndRoundsToNearestEven() {
        assertThat(TensorConversions.toBf16(1f)).isEqualTo((short) 0x3F80);
        assertThat(TensorConversions.toBf16(-2f)).isEqualTo((short) 0xC000);
        assertThat(TensorConversions.toBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80); // tie, even
        assertThat(TensorConversions.toBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82); // tie, up
        assertThat(TensorConversions.toBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
        assertThat(TensorConversions.toBf16(Float.NaN) & 0x7FFF).isGreaterThan(0x7F80);
        float[] v = {3.0e38f, -1.5f, 1e-30f};
        ByteBuffer b = bytes(6);
        TensorConversions.narrow(floats(v), b, 3, TrtDataType.BF16);
        FloatBuffer back = floats(new float[3]);
        TensorConversions.widen(b, TrtDataType.BF16, back, 3);
        assertThat(back.get(0)).isCloseTo(3.0e38f, org.assertj.core.data.Percentage.withPercentage(0.5));
        assertThat(back.get(1)).isEqualTo(-1.5f);
        assertThat(back.get(2)).isCloseTo(1e-30f, org.assertj.core.data.Percentage.withPercentage(0.5));
    }

    @Test
    void integerOutputsAreWidenedExactlyAndSignedOrUnsignedAsTheirType() {
        ByteBuffer b = bytes(16);
        b.put(0, (byte) -3).put(1, (byte) 200).put(2, (byte) 1);
        FloatBuffer out = floats(new float[4]);
        TensorConversions.widen(b, TrtDataType.INT8, out, 2);
        assertThat(out.get(0)).isEqualTo(-3f);
        assertThat(out.get(1)).isEqualTo(-56f);
        TensorConversions.widen(b, TrtDataType.UINT8, out, 2);
        assertThat(out.get(1)).isEqualTo(200f);
        TensorConversions.widen(b, TrtDataType.BOOL, out, 3);
        assertThat(out.get(2)).isEqualTo(1f);
        b.putInt(0, -7).putInt(4, 123456);
        TensorConversions.widen(b, TrtDataType.INT32, out, 2);
        assertThat(out.get(0)).isEqualTo(-7f);
        assertThat(out.get(1)).isEqualTo(123456f);
        b.putLong(0, 1L << 40).putLong(8, -9L);
        TensorConversions.widen(b, TrtDataType.INT64, out, 2);
        assertThat(out.get(0)).isEqualTo((float) (1L << 40));
        assertThat(out.get(1)).isEqualTo(-9f);
        b.putFloat(0, 0.25f);
        TensorConversions.widen(b, TrtDataType.FLOAT, out, 1);
        assertThat(out.get(0)).isEqualTo(0.25f);
    }

    @Test
    void leavesPositionsAloneAndRefusesUnsupportedTypes() {
        ByteBuffer b = bytes(8);
        b.position(3);
        FloatBuffer f = floats(1f, 2f);
        f.position(1);
        TensorConversions.narrow(f, b, 2, TrtDataType.HALF);
        TensorConversions.widen(b, TrtDataType.HALF, f, 2);
        assertThat(b.position()).isEqualTo(3);
        assertThat(f.position()).isEqualTo(1);
        assertThatThrownBy(() -> TensorConversions.widen(b, TrtDataType.FP8, f, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FP8");
        assertThatThrownBy(() -> TensorConversions.narrow(f, b, 1, TrtDataType.INT8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
