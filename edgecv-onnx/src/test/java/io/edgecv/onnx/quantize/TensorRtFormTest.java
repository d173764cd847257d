package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;
import io.edgecv.quantize.QuantizationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The INT8 model made for TensorRT (symmetric int8 activations) is in the form TensorRT's ONNX parser accepts,
 * read from the written file: every DequantizeLinear dequantizes an int8 tensor with zero point 0 (none reads an
 * int32 bias: onnx-tensorrt#850, onnxruntime#14229), and every Conv keeps a float32 bias.
 */
class TensorRtFormTest {
    @TempDir
    Path dir;

    @Test
    void noDequantizeLinearOnInt32AndFloatBiases() throws Exception {
        Path out = dir.resolve("ssd-trt.onnx");
        new OnnxQuantizer().quantize(ToolFixtures.ssd(), out, QuantizationConfig.builder()
                .optActivationType(ActivationType.INT8_SYMMETRIC).optCalibrationMethod(CalibrationMethod.MINMAX)
                .optCalibrationImages(ToolFixtures.calibration()).optMinAgreement(0).optThreads(1).build());
        GraphProto g = ModelProto.parseFrom(Files.readAllBytes(out)).getGraph();
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Map<String, NodeProto> producers = new HashMap<>();
        g.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        int dq = 0;
        int convWithBias = 0;
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("DequantizeLinear")) {
                dq++;
                TensorProto zp = inits.get(n.getInput(2));
                assertThat(zp.getDataType()).as(n.getName() + " zero point").isEqualTo(Tensors.INT8);
                assertThat(zp.getRawData().toByteArray()).as(n.getName() + " zero point").containsOnly((byte) 0);
                TensorProto data = inits.get(n.getInput(0));
                if (data != null) {
                    assertThat(data.getDataType()).as(n.getName() + " input").isEqualTo(Tensors.INT8);
                } else {
                    assertThat(producers.get(n.getInput(0)).getOpType()).isEqualTo("QuantizeLinear");
                }
            }
            if (n.getOpType().equals("Conv") && n.getInputCount() > 2) {
                convWithBias++;
                TensorProto bias = inits.get(n.getInput(2));
                assertThat(bias).as(n.getName() + " bias is a constant").isNotNull();
                assertThat(bias.getDataType()).as(n.getName() + " bias").isEqualTo(Tensors.FLOAT);
            }
        }
        assertThat(dq).isPositive();
        // every Conv of the float graph with a bias keeps it (the independent count: the input model itself)
        GraphProto original = ModelProto.parseFrom(Files.readAllBytes(ToolFixtures.ssd())).getGraph();
        long originalConvWithBias = original.getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv") && n.getInputCount() > 2).count();
        assertThat(convWithBias).isEqualTo(originalConvWithBias);
    }
}
