package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Students made from the fixture SSD for tests. */
final class Students {
    static final List<String> PHOTOS = List.of("dog.jpg", "horses.jpg", "person.jpg", "giraffe.jpg");

    private Students() {
    }

    /** The fixture SSD with every prediction-head weight scaled by {@code factor} (biases kept). */
    static ModelProto damagedHeads(float factor) throws Exception {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX)));
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            if (t.getName().startsWith("BoxPredictor_") && t.getDimsCount() == 4
                    && t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < b.capacity() / 4; i++) {
                    b.putFloat(i * 4, b.getFloat(i * 4) * factor);
                }
                g.setInitializer(k, t.toBuilder().setRawData(ByteString.copyFrom(b.array())));
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    /** Writes {@link #damagedHeads} to {@code dir/student.onnx}. */
    static Path damagedHeadsFile(Path dir, float factor) throws Exception {
        Path p = dir.resolve("student.onnx");
        Files.write(p, damagedHeads(factor).toByteArray());
        return p;
    }

    /** @return a photo preprocessed as the SSD's input tensor (any SSD model: they share the preprocessing) */
    static NDArray inputOf(NDManager scope, Path photo, ModelProto model) throws Exception {
        return new StudentModel(Fixtures.model(Fixtures.SSD_ONNX), model).input(scope, ImageInput.read(photo));
    }

    static List<Path> photos() {
        return PHOTOS.stream().map(Fixtures::image).toList();
    }
}
