package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The student: an ONNX file recognised as a detector family the way {@code Detector} would (its description,
 * preprocessing and decoder), run forward and backward by an {@link OnnxTrainingGraph}.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class StudentModel {
    private final ModelSignature signature;
    private final ModelDescription description;
    private final Preprocessor preprocessor;
    private final ByteBuffer tensor;
    private final ModelDetections detections;
    private final String inputName;
    private final Shape inputShape;
    /** How the image of the last {@link #input} was preprocessed. */
    private ImageTransform transform;

    StudentModel(Path file, ModelProto model) throws EdgeCvException {
        Set<String> initialisers = new java.util.HashSet<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            initialisers.add(t.getName());
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfoProto v : model.getGraph().getInputList()) {
            if (!initialisers.contains(v.getName())) {
                inputs.add(spec(v));
            }
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfoProto v : model.getGraph().getOutputList()) {
            outputs.add(spec(v));
        }
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the student " + file + " has " + inputs.size() + " image inputs;"
                    + " a detector has one");
        }
        this.signature = new ModelSignature(ModelSource.of(file), inputs, outputs, Map.of());
        this.description = ModelFamilies.describe(signature);
        if (description.preprocessing().elementType() != ElementType.FLOAT32) {
            throw new IllegalArgumentException("the student's input is " + description.preprocessing()
                    .elementType() + "; a trainable student takes float32 (train before quantizing)");
        }
        this.preprocessor = new Preprocessor(description.preprocessing());
        this.tensor = ByteBuffer.allocateDirect(description.preprocessing().tensorBytes())
                .order(ByteOrder.nativeOrder());
        this.detections = ModelDetections.of(description, signature);
        this.inputName = inputs.get(0).name();
        this.inputShape = new Shape(description.preprocessing().tensorShape());
    }

    private static TensorSpec spec(ValueInfoProto v) {
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
        }
        int type = v.getType().getTensorType().getElemType();
        ElementType t = type == TensorProto.DataType.FLOAT_VALUE ? ElementType.FLOAT32
                : type == TensorProto.DataType.FLOAT16_VALUE ? ElementType.FLOAT16
                : type == TensorProto.DataType.UINT8_VALUE ? ElementType.UINT8 : ElementType.OTHER;
        return new TensorSpec(v.getName(), t, shape);
    }

    /** @return the image preprocessed as the student's input, in {@code scope} */
    NDArray input(NDManager scope, ImageInput image) {
        transform = preprocessor.apply(image, tensor);
        tensor.rewind();
        float[] v = new float[(int) inputShape.size()];
        tensor.asFloatBuffer().get(v);
        return scope.create(v, inputShape);
    }

    /** @return the graph's outputs as raw outputs in the model's output order */
    RawOutputs outputs(Map<String, NDArray> forward) {
        List<float[]> values = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (TensorSpec s : signature.outputs()) {
            NDArray a = forward.get(s.name());
            values.add(a.toFloatArray());
            shapes.add(a.getShape().getShape());
        }
        return new RawOutputs(values, shapes);
    }

    /** @return detections above {@code threshold} of the last {@link #input}, boxes as fractions of its image */
    List<io.edgecv.Detection> detect(OutputTensors outputs, float threshold) {
        return detections.detect(outputs, threshold, transform);
    }

    /** @return the family's decoder for this student (its anchors, for labelled boxes) */
    Decoder decoder() {
        return detections.decoder();
    }

    Shape inputShape() {
        return inputShape;
    }

    String inputName() {
        return inputName;
    }

    ModelSignature signature() {
        return signature;
    }

    ModelDescription description() {
        return description;
    }
}
