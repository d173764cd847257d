package io.edgecv.train;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fixture SSD re-exported with a YOLO head, for distilling YOLO layouts on a real network and real photos (no
 * YOLO model is reachable from the registries): its box encodings are decoded against the SSD anchors into
 * {@code cx, cy, w, h} in input pixels and its foreground logits turned into probabilities, in ONNX nodes appended
 * to the graph, as Ultralytics appends its decoding. {@code yolov8}: one output {@code [1, 4 + 23, 1917]} (channels
 * first) or {@code [1, 1917, 4 + 23]}; {@code yolov5}: {@code [1, 1917, 5 + 23]}, objectness the cell's largest class probability and the
 * classes' probabilities divided by it, so that the v5 decoder's objectness × class is the SSD's score. The
 * anchors and scale factors are initialisers read only by Mul and Add, as an Ultralytics export's anchor points and
 * strides are (names in {@link #DECODING}), so the trainer must keep them as exported. A description file beside
 * the model declares the family and the SSD's preprocessing.
 */
final class YoloShapedSsd {
    private static final String BOXES = "raw_outputs/box_encodings";
    private static final String SCORES = "raw_outputs/class_predictions";
    private static final String LABELS = "Bicycle, Boot, Laptop, Person, Chair, Cattle, Desk, Cat, Computer mouse,"
            + " Computer monitor, Box, Mug, Coffee cup, Stationary bicycle, Table, Bottle, High heels, Vehicle,"
            + " Footwear, Dog, Book, Camera, Car";

    /** The decoding constants written as initialisers. */
    static final List<String> DECODING = List.of("ya", "xa", "ha", "wa", "tenth", "fifth");

    private YoloShapedSsd() {
    }

    /** The heads written. */
    enum Head {
        /** YOLOv8 as Ultralytics exports it: {@code [1, 4 + C, N]}. */
        V8,
        /** YOLOv8 with cells first: {@code [1, N, 4 + C]}. */
        V8_CELLS_FIRST,
        /** YOLOv5: {@code [1, N, 5 + C]}. */
        V5
    }

    /**
     * Writes {@code dir/name.onnx} and its description file.
     *
     * @param ssd the SSD graph (the fixture, or a damaged copy)
     * @param head the YOLO head to write
     * @return the model file
     */
    static Path write(Path dir, String name, ModelProto ssd, Head head) throws Exception {
        boolean v5 = head == Head.V5;
        SsdDecoder decoder = (SsdDecoder) new StudentModel(Fixtures.model(Fixtures.SSD_ONNX), ssd).decoder();
        Anchors a = decoder.anchors();
        int n = a.size();
        float[] ya = new float[n];
        float[] xa = new float[n];
        float[] ha = new float[n];
        float[] wa = new float[n];
        for (int i = 0; i < n; i++) {
            ya[i] = a.cy(i) * 300;
            xa[i] = a.cx(i) * 300;
            ha[i] = a.h(i) * 300;
            wa[i] = a.w(i) * 300;
        }
        GraphProto.Builder g = ssd.getGraph().toBuilder();
        constant(g, "yolo_split", TensorProto.DataType.INT64, new long[] {1, 1, 1, 1}, 4);
        node(g, "Split", List.of(BOXES, "yolo_split"), List.of("ty", "tx", "th", "tw"), 2);
        initialiser(g, "ya", ya, 1, n, 1);
        initialiser(g, "xa", xa, 1, n, 1);
        initialiser(g, "ha", ha, 1, n, 1);
        initialiser(g, "wa", wa, 1, n, 1);
        initialiser(g, "tenth", new float[] {0.1f});
        initialiser(g, "fifth", new float[] {0.2f});
        for (String[] axis : new String[][] {{"y", "h"}, {"x", "w"}}) {
            String c = axis[0];
            String s = axis[1];
            node(g, "Mul", List.of("t" + c, "tenth"), List.of("t" + c + "1"), -1);
            node(g, "Mul", List.of("t" + c + "1", s + "a"), List.of("t" + c + "2"), -1);
            node(g, "Add", List.of("t" + c + "2", c + "a"), List.of("c" + c), -1);
            node(g, "Mul", List.of("t" + s, "fifth"), List.of("t" + s + "1"), -1);
            node(g, "Exp", List.of("t" + s + "1"), List.of("t" + s + "2"), -1);
            node(g, "Mul", List.of("t" + s + "2", s + "a"), List.of(s), -1);
        }
        node(g, "Concat", List.of("cx", "cy", "w", "h"), List.of("yolo_boxes"), 2);
        constant(g, "fg_start", TensorProto.DataType.INT64, new long[] {1}, 1);
        constant(g, "fg_end", TensorProto.DataType.INT64, new long[] {24}, 1);
        constant(g, "last_axis", TensorProto.DataType.INT64, new long[] {2}, 1);
        node(g, "Slice", List.of(SCORES, "fg_start", "fg_end", "last_axis"), List.of("fg_logits"), -1);
        node(g, "Sigmoid", List.of("fg_logits"), List.of("yolo_probs"), -1);
        String out = "output0";
        long[] shape;
        if (v5) {
            // objectness: the largest probability over the class axis (MaxPool over [1, 1, N, 23])
            constant(g, "as_image", TensorProto.DataType.INT64, new long[] {1, 1, n, 23}, 4);
            constant(g, "as_column", TensorProto.DataType.INT64, new long[] {1, n, 1}, 3);
            initialiser(g, "tiny", new float[] {1e-30f});
            node(g, "Reshape", List.of("yolo_probs", "as_image"), List.of("probs_image"), -1);
            g.addNode(NodeProto.newBuilder().setOpType("MaxPool").addInput("probs_image").addOutput("max_image")
                    .addAttribute(AttributeProto.newBuilder().setName("kernel_shape")
                            .setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(23)));
            node(g, "Reshape", List.of("max_image", "as_column"), List.of("objectness"), -1);
            node(g, "Add", List.of("objectness", "tiny"), List.of("objectness_safe"), -1);
            node(g, "Div", List.of("yolo_probs", "objectness_safe"), List.of("conditional"), -1);
            node(g, "Concat", List.of("yolo_boxes", "objectness", "conditional"), List.of(out), 2);
            shape = new long[] {1, n, 5 + 23};
        } else if (head == Head.V8_CELLS_FIRST) {
            node(g, "Concat", List.of("yolo_boxes", "yolo_probs"), List.of(out), 2);
            shape = new long[] {1, n, 4 + 23};
        } else {
            node(g, "Concat", List.of("yolo_boxes", "yolo_probs"), List.of("yolo_rows"), 2);
            g.addNode(NodeProto.newBuilder().setOpType("Transpose").addInput("yolo_rows").addOutput(out)
                    .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                            .addInts(0).addInts(2).addInts(1)));
            shape = new long[] {1, 4 + 23, n};
        }
        g.clearOutput();
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (long d : shape) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        g.addOutput(ValueInfoProto.newBuilder().setName(out).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))));
        Path file = dir.resolve(name + ".onnx");
        Files.write(file, ssd.toBuilder().setGraph(g).build().toByteArray());
        Files.writeString(dir.resolve(name + ".edgecv.properties"), String.join("\n",
                "family = " + (v5 ? "yolov5" : "yolov8"), "input.resize = stretch", "input.mean = 127.5",
                "input.std = 127.5", "labels.inline = " + LABELS, "nms = hard", "nms.iou = 0.45", "confidence = 0.5",
                ""));
        return file;
    }

    private static void node(GraphProto.Builder g, String op, List<String> in, List<String> out, long axis) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addAllInput(in).addAllOutput(out)
                .setName("yolo_" + out.get(0));
        if (axis >= 0) {
            n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                    .setI(axis));
        }
        g.addNode(n);
    }

    private static void initialiser(GraphProto.Builder g, String name, float[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).setName(name);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : v) {
            t.addFloatData(f);
        }
        g.addInitializer(t);
    }

    private static void constant(GraphProto.Builder g, String name, TensorProto.DataType type, long[] v, long dim) {
        addConstant(g, name, TensorProto.newBuilder().setDataType(type.getNumber()).addDims(dim)
                .addAllInt64Data(java.util.Arrays.stream(v).boxed().toList()).build());
    }

    private static void addConstant(GraphProto.Builder g, String name, TensorProto t) {
        g.addNode(NodeProto.newBuilder().setOpType("Constant").addOutput(name).setName("yolo_const_" + name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(t)));
    }
}
