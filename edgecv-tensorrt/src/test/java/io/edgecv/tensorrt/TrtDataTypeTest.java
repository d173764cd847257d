package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.spi.ElementType;
import java.util.EnumSet;
import java.util.Set;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.junit.jupiter.api.Test;

class TrtDataTypeTest {
    /** The binding's enums are plain Java: reading them loads no native library. */
    @Test
    void valuesMatchTheBindingsEnum() {
        assertThat(TrtDataType.values()).hasSize(DataType.values().length);
        for (DataType d : DataType.values()) {
            TrtDataType t = TrtDataType.of(d.value);
            assertThat(t).as("%s", d).isNotNull();
            assertThat(t.cppName()).isEqualTo(d.name());
        }
        assertThat(TrtDataType.of(99)).isNull();
    }

    @Test
    void hostTypesAndConversions() {
        assertThat(TrtDataType.FLOAT.elementType()).isEqualTo(ElementType.FLOAT32);
        assertThat(TrtDataType.FLOAT.bytes()).isEqualTo(4);
        assertThat(TrtDataType.HALF.hostInputType()).isEqualTo(ElementType.FLOAT32);
        assertThat(TrtDataType.BF16.hostInputType()).isEqualTo(ElementType.FLOAT32);
        assertThat(TrtDataType.HALF.elementType()).isEqualTo(ElementType.FLOAT16);
        assertThat(TrtDataType.UINT8.hostInputType()).isEqualTo(ElementType.UINT8);
        assertThat(TrtDataType.INT64.bytes()).isEqualTo(8);
        Set<TrtDataType> unsupported = EnumSet.noneOf(TrtDataType.class);
        for (TrtDataType t : TrtDataType.values()) {
            if (!t.supportedForIo()) {
                unsupported.add(t);
            }
        }
        assertThat(unsupported).containsExactlyInAnyOrder(TrtDataType.FP8, TrtDataType.INT4, TrtDataType.FP4,
                TrtDataType.E8M0);
    }

    @Test
    void modelPrecisionSatisfiesWhatWasAskedFor() {
        ModelPrecision fp32 = new ModelPrecision(Set.of(), false, false);
        ModelPrecision fp16 = new ModelPrecision(Set.of(), true, false);
        ModelPrecision qdq = new ModelPrecision(Set.of(TrtDataType.INT8), true, false);
        assertThat(fp32.describe()).isEqualTo("fp32");
        assertThat(fp16.describe()).isEqualTo("fp16");
        assertThat(qdq.describe()).isEqualTo("int8+fp16");
        for (ModelPrecision p : new ModelPrecision[] {fp32, fp16, qdq}) {
            assertThat(p.satisfies(Precision.AUTO)).isTrue();
        }
        assertThat(fp32.satisfies(Precision.FP32)).isTrue();
        assertThat(fp16.satisfies(Precision.FP32)).isFalse();
        assertThat(fp32.satisfies(Precision.FP16)).isFalse();
        assertThat(fp16.satisfies(Precision.FP16)).isTrue();
        assertThat(fp16.satisfies(Precision.INT8)).isFalse();
        assertThat(qdq.satisfies(Precision.INT8)).isTrue();
        assertThat(new ModelPrecision(Set.of(TrtDataType.FP8), false, false).satisfies(Precision.INT8)).isFalse();
        assertThat(Precision.parse(" Float16 ")).isEqualTo(Precision.FP16);
    }
}
