package io.edgecv.onnx.yolo;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.ssd.SsdAnchorGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the SSD-MobileNetV2 fixture into a model in Ultralytics' exact ONNX export form, so the YOLO decoders run
 * on a real network and real photos (no YOLO weights can be had here):
 * <ul>
 *   <li>input {@code images} {@code [1, 3, S, S]} in [0, 1], NCHW; nodes in front resize it to 300 when S is not
 *       300, transpose to NHWC and map to the SSD's [-1, 1];</li>
 *   <li>box decoding in the graph (the SSD anchors as constants, the box coder's exp and scales), boxes in input
 *       pixels; sigmoid scores without the background class;</li>
 *   <li>output {@code output0} in one of the YOLO layouts: {@code [1, 4 + C, N]}, {@code [1, N, 4 + C]},
 *       {@code [1, N, 5 + C]} (objectness = best score), or {@code [1, 300, 6]} final boxes from ONNX's
 *       NonMaxSuppression op (class-aware, IoU 0.45), sorted by score and zero-padded to 300 rows, as Ultralytics'
 *       {@code nms=True} exports and end-to-end heads give;</li>
 *   <li>Ultralytics {@code metadata_props}: names (the label map without its background line), imgsz, stride,
 *       task, batch, args, end2end, description, author, version.</li>
 * </ul>
 */
final class UltralyticsExportBuilder {
    /** Output layouts. */
    enum Layout { V8, V8_TRANSPOSED, V5, END2END }

    static final int ANCHORS = 1917;
    static final int CLASSES = 23;
    static final int MAX_DET = 300;
    private static final String SSD_INPUT = "normalized_input_image_tensor";
    private static final String SSD_BOXES = "raw_outputs/box_encodings";
    private static final String SSD_SCORES = "raw_outputs/class_predictions";

    private final ModelProto ssd;
    private final List<String> names;
    private Layout layout = Layout.V8;
    private int size = 300;
    private boolean dynamic;
    private boolean metadata = true;
    private String task = "detect";

    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> constants = new ArrayList<>();
    private int counter;

    /**
     * @param ssdModel the SSD fixture
     * @param labelMap its label map, line 0 the background
     */
    UltralyticsExportBuilder(Path ssdModel, Path labelMap) throws IOException {
        this.ssd = ModelProto.parseFrom(Files.readAllBytes(ssdModel));
        List<String> lines = Files.readAllLines(labelMap, StandardCharsets.UTF_8);
        this.names = List.copyOf(lines.subList(1, 1 + CLASSES));
    }

    UltralyticsExportBuilder layout(Layout l) {
        this.layout = l;
        return this;
    }

    /** @param s the {@code imgsz} of the export; 300 feeds the SSD as is, others resize to 300 in the graph */
    UltralyticsExportBuilder size(int s) {
        this.size = s;
        return this;
    }

    /** Input height and width and the anchor dimension of the output become symbolic, as with dynamic=True. */
    UltralyticsExportBuilder dynamic(boolean d) {
        this.dynamic = d;
        return this;
    }

    /** Whether to write Ultralytics metadata_props. */
    UltralyticsExportBuilder metadata(boolean m) {
        this.metadata = m;
        return this;
    }

    UltralyticsExportBuilder task(String t) {
        this.task = t;
        return this;
    }

    /** @return the class names written as metadata */
    List<String> names() {
        return names;
    }

    /** The Ultralytics metadata of this export, as str() writes it. */
    Map<String, String> metadataProps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("description", "Ultralytics SSD-as-YOLO model trained on oidv4.yaml");
        m.put("author", "Ultralytics");
        m.put("date", "2025-01-01T00:00:00.000000");
        m.put("version", "8.3.0");
        m.put("license", "AGPL-3.0 License (https://ultralytics.com/license)");
        m.put("docs", "https://docs.ultralytics.com");
        m.put("stride", "32");
        m.put("task", task);
        m.put("batch", "1");
        m.put("imgsz", "[" + size + ", " + size + "]");
        StringBuilder n = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            n.append(i == 0 ? "" : ", ").append(i).append(": '").append(names.get(i).replace("'", "\\'")).append('\'');
        }
        m.put("names", n.append('}').toString());
        m.put("args", "{'batch': 1, 'half': False, 'dynamic': " + (dynamic ? "True" : "False")
                + ", 'simplify': True, 'opset': 13, 'nms': " + (layout == Layout.END2END ? "True" : "False") + "}");
        m.put("channels", "3");
        m.put("end2end", "False");
        return m;
    }

    /** Builds the model and writes it. */
    Path write(Path file) throws IOException {
        Files.write(file, build().toByteArray());
        return file;
    }

    ModelProto build() {
        nodes.clear();
        constants.clear();
        GraphProto g = ssd.getGraph();

        // images [1, 3, S, S] in [0, 1] -> the SSD's NHWC input in [-1, 1]
        String x = "images";
        if (size != 300 && !dynamic) {
            x = node("Resize", List.of(x, "", "", longs(1, 3, 300, 300)),
                    Map.of("mode", "linear", "coordinate_transformation_mode", "half_pixel"));
        }
        x = node("Transpose", List.of(x), Map.of("perm", new long[] {0, 2, 3, 1}));
        x = node("Mul", List.of(x, scalar(2f)), Map.of());
        nodes.add(NodeProto.newBuilder().setOpType("Sub").setName("to_ssd_input").addInput(x).addInput(scalar(1f))
                .addOutput(SSD_INPUT).build());
        List<NodeProto> front = new ArrayList<>(nodes);
        nodes.clear();

        // box coder: cy = ty / 10 * ha + ya, cx = tx / 10 * wa + xa, h = exp(th / 5) * ha, w = exp(tw / 5) * wa
        Anchors a = SsdAnchorGenerator.mobileNetV2().generate();
        float[] yx = new float[2 * ANCHORS];
        float[] hw = new float[2 * ANCHORS];
        for (int i = 0; i < ANCHORS; i++) {
            yx[2 * i] = a.cy(i);
            yx[2 * i + 1] = a.cx(i);
            hw[2 * i] = a.h(i);
            hw[2 * i + 1] = a.w(i);
        }
        String anchorYx = floats(yx, 1, ANCHORS, 2);
        String anchorHw = floats(hw, 1, ANCHORS, 2);
        String encYx = slice(SSD_BOXES, 0, 2, 2);
        String encHw = slice(SSD_BOXES, 2, 4, 2);
        String centreYx = node("Add", List.of(node("Mul", List.of(node("Mul", List.of(encYx, scalar(0.1f)), Map.of()),
                anchorHw), Map.of()), anchorYx), Map.of());
        String sizeHw = node("Mul", List.of(node("Exp", List.of(node("Mul", List.of(encHw, scalar(0.2f)), Map.of())),
                Map.of()), anchorHw), Map.of());
        String swap = longs(1, 0);
        String centre = node("Gather", List.of(centreYx, swap), Map.of("axis", 2L)); // cx, cy (normalised)
        String wh = node("Gather", List.of(sizeHw, swap), Map.of("axis", 2L));       // w, h
        String px = scalar((float) size);
        String scores = slice(node("Sigmoid", List.of(SSD_SCORES), Map.of()), 1, 1 + CLASSES, 2); // [1, N, C]

        String out;
        long[] outShape;
        switch (layout) {
            case V8_TRANSPOSED: {
                String box = node("Mul", List.of(node("Concat", List.of(centre, wh), Map.of("axis", 2L)), px), Map.of());
                out = node("Concat", List.of(box, scores), Map.of("axis", 2L));
                outShape = new long[] {1, ANCHORS, 4 + CLASSES};
                break;
            }
            case V8: {
                String box = node("Mul", List.of(node("Concat", List.of(centre, wh), Map.of("axis", 2L)), px), Map.of());
                out = node("Transpose", List.of(node("Concat", List.of(box, scores), Map.of("axis", 2L))),
                        Map.of("perm", new long[] {0, 2, 1}));
                outShape = new long[] {1, 4 + CLASSES, ANCHORS};
                break;
            }
            case V5: {
                String box = node("Mul", List.of(node("Concat", List.of(centre, wh), Map.of("axis", 2L)), px), Map.of());
                String obj = node("ReduceMax", List.of(scores), Map.of("axes", new long[] {2}, "keepdims", 1L));
                String cls = node("Div", List.of(scores, node("Add", List.of(obj, scalar(1e-12f)), Map.of())),
                        Map.of());
                out = node("Concat", List.of(box, obj, cls), Map.of("axis", 2L));
                outShape = new long[] {1, ANCHORS, 5 + CLASSES};
                break;
            }
            default: {
                out = end2end(centre, wh, px, scores);
                outShape = new long[] {1, MAX_DET, 6};
            }
        }
        nodes.add(NodeProto.newBuilder().setOpType("Identity").setName("output0").addInput(out).addOutput("output0")
                .build());

        GraphProto.Builder gb = g.toBuilder().clearInput().clearOutput().clearNode();
        for (ValueInfoProto in : g.getInputList()) {
            if (!in.getName().equals(SSD_INPUT)) {
                gb.addInput(in);
            }
        }
        gb.addInput(valueInfo("images", dynamic ? new Object[] {1L, 3L, "height", "width"}
                : new Object[] {1L, 3L, (long) size, (long) size}));
        gb.addAllNode(front).addAllNode(g.getNodeList()).addAllNode(nodes).addAllInitializer(constants);
        Object[] dims = new Object[outShape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = outShape[i];
        }
        if (dynamic && layout != Layout.END2END) {
            dims[layout == Layout.V8 ? 2 : 1] = "anchors";
        }
        gb.addOutput(valueInfo("output0", dims));
        ModelProto.Builder mb = ssd.toBuilder().setGraph(gb).clearMetadataProps()
                .setProducerName("edgecv-tests").setProducerVersion("1");
        if (metadata) {
            for (Map.Entry<String, String> e : metadataProps().entrySet()) {
                mb.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey())
                        .setValue(e.getValue()));
            }
        }
        return mb.build();
    }

    /**
     * Final boxes as ONNX's NonMaxSuppression gives them (class-aware, IoU 0.45, score 0.01), then sorted by score,
     * capped and zero-padded to 300 rows of x1, y1, x2, y2, score, class.
     */
    private String end2end(String centre, String wh, String px, String scores) {
        String half = node("Mul", List.of(wh, scalar(0.5f)), Map.of());
        String x1y1 = node("Sub", List.of(centre, half), Map.of());
        String x2y2 = node("Add", List.of(centre, half), Map.of());
        String boxes = node("Mul", List.of(node("Concat", List.of(x1y1, x2y2), Map.of("axis", 2L)), px), Map.of());
        String scoresT = node("Transpose", List.of(scores), Map.of("perm", new long[] {0, 2, 1})); // [1, C, N]
        String selected = node("NonMaxSuppression", List.of(boxes, scoresT, longs(MAX_DET), floats(new float[] {0.45f}, 1),
                floats(new float[] {0.01f}, 1)), Map.of());                                     // [M, 3]
        String selScores = node("GatherND", List.of(scoresT, selected), Map.of());          // [M]
        String boxIndex = node("Gather", List.of(selected, longs(0, 2)), Map.of("axis", 1L)); // [M, 2]
        String selBoxes = node("GatherND", List.of(boxes, boxIndex), Map.of());              // [M, 4]
        String cls = node("Cast", List.of(node("Gather", List.of(selected, longs(1)), Map.of("axis", 1L))),
                Map.of("to", (long) TensorProto.DataType.FLOAT_VALUE));                      // [M, 1]
        String scoreCol = node("Unsqueeze", List.of(selScores, longs(1)), Map.of());         // [M, 1]
        String rows = node("Concat", List.of(selBoxes, scoreCol, cls), Map.of("axis", 1L));  // [M, 6]
        String k = node("Min", List.of(node("Shape", List.of(selScores), Map.of()), longs(MAX_DET)), Map.of());
        String order = nodeOutputs("TopK", List.of(selScores, k), Map.of("largest", 1L, "sorted", 1L), 2).get(1);
        String top = node("Gather", List.of(rows, order), Map.of("axis", 0L));               // [k, 6]
        String padRows = node("Sub", List.of(longs(MAX_DET), k), Map.of());
        String pads = node("Concat", List.of(longs(0, 0), padRows, longs(0)), Map.of("axis", 0L));
        String padded = node("Pad", List.of(top, pads), Map.of("mode", "constant"));         // [300, 6]
        return node("Unsqueeze", List.of(padded, longs(0)), Map.of());                        // [1, 300, 6]
    }

    private String slice(String x, long start, long end, long axis) {
        return node("Slice", List.of(x, longs(start), longs(end), longs(axis)), Map.of());
    }

    private String node(String op, List<String> inputs, Map<String, Object> attrs) {
        return nodeOutputs(op, inputs, attrs, 1).get(0);
    }

    private List<String> nodeOutputs(String op, List<String> inputs, Map<String, Object> attrs, int outputs) {
        String name = "yolo_" + op.toLowerCase() + "_" + counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add(name + "_out" + i);
        }
        n.addAllOutput(outs);
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            AttributeProto.Builder at = AttributeProto.newBuilder().setName(e.getKey());
            Object v = e.getValue();
            if (v instanceof Long) {
                at.setType(AttributeProto.AttributeType.INT).setI((Long) v);
            } else if (v instanceof String) {
                at.setType(AttributeProto.AttributeType.STRING)
                        .setS(com.google.protobuf.ByteString.copyFromUtf8((String) v));
            } else {
                at.setType(AttributeProto.AttributeType.INTS);
                for (long l : (long[]) v) {
                    at.addInts(l);
                }
            }
            n.addAttribute(at);
        }
        nodes.add(n.build());
        return outs;
    }

    private String scalar(float v) {
        return floats(new float[] {v});
    }

    private String floats(float[] v, long... dims) {
        String name = "yolo_const_" + counter++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : v) {
            t.addFloatData(f);
        }
        constants.add(t.build());
        return name;
    }

    private String longs(long... v) {
        String name = "yolo_const_" + counter++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(v.length);
        for (long l : v) {
            t.addInt64Data(l);
        }
        constants.add(t.build());
        return name;
    }

    private static ValueInfoProto valueInfo(String name, Object[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Long) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue((Long) d));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
