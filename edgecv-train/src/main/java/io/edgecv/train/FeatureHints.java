package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.prune.PrunedChannels;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Feature distillation ("hints", FitNets, Romero et al. 2015): the student's intermediate feature maps are pulled
 * towards the teacher's wherever both ONNX graphs have a node output of the same name: maps of the same shape
 * whole, and maps the pruner narrowed on the channels it kept, as recorded in the student's metadata
 * ({@link PrunedChannels}). That covers a pruned model and the model it was pruned from: the pruner keeps every
 * tensor name, and every kept channel of the student still means what the teacher's channel of that index means.
 *
 * <p>Why beside the output loss: the output loss teaches only what the training images show (on frames of
 * pedestrians: the person class), while every pixel of every feature map carries the teacher's representation,
 * including what the rare classes are scored from. The teacher graph runs on libtorch without gradients, on the
 * student's input tensor.
 *
 * <p>The loss is the mean over matched tensors of {@code mean((s - t)^2) / max(mean(t^2), 1e-4)}: each feature
 * map's relative squared error, so that maps of different scales weigh alike (the floor keeps a map that is nearly
 * all zero on an image from dividing by almost nothing).
 *
 * <p>Thread-safety: not thread-safe; one training loop uses it.
 */
final class FeatureHints implements AutoCloseable {
    /** Operators whose rank-4 outputs are feature maps (not shape plumbing). */
    private static final Set<String> FEATURE_OPS = Set.of("Conv", "Add", "Relu", "Clip", "BatchNormalization",
            "Concat", "Mul", "Sigmoid", "MaxPool", "AveragePool", "Resize");

    /** The smallest mean square a teacher map divides by (a map that is nearly all zero on an image). */
    private static final float ENERGY_FLOOR = 1e-4f;

    private final OnnxTrainingGraph teacher;
    private final String teacherInput;
    /** Matched tensors; the value cuts a pruned tensor's teacher counterpart to the kept channels, else null. */
    private final Map<String, Selection> matched;

    private FeatureHints(OnnxTrainingGraph teacher, String teacherInput, Map<String, Selection> matched) {
        this.teacher = teacher;
        this.teacherInput = teacherInput;
        this.matched = matched;
    }

    /**
     * Finds the tensors both graphs share by name and shape, probing both with a zero input.
     *
     * @param teacherModel the teacher's ONNX model (run here on libtorch, every weight frozen)
     * @param student the student's graph
     * @param studentInput the student's image input name
     * @param inputShape the student's input shape
     * @return the hints, or {@code null} (with the reason in {@code why}) when the graphs share no feature map
     */
    static FeatureHints match(ModelProto teacherModel, OnnxTrainingGraph student, ModelProto studentModel,
                              String studentInput, Shape inputShape, List<String> why) {
        Set<String> candidates = featureOutputs(studentModel);
        candidates.retainAll(featureOutputs(teacherModel));
        if (candidates.isEmpty()) {
            why.add("no node output of the student is named as one of the teacher's");
            return null;
        }
        OnnxTrainingGraph graph = OnnxTrainingGraph.builder().setModel(teacherModel)
                .optFrozen(Pattern.compile(".*")).build();
        List<String> teacherInputs = graph.inputNames();
        if (teacherInputs.size() != 1) {
            why.add("the teacher has " + teacherInputs.size() + " image inputs");
            graph.close();
            return null;
        }
        try (NDManager probe = student.manager().newSubManager()) {
            NDArray zero = probe.zeros(inputShape, student.floatType());
            Map<String, NDArray> t;
            try {
                t = graph.forward(probe, Map.of(teacherInputs.get(0), zero), candidates);
            } catch (RuntimeException e) {
                why.add("the teacher does not run on the student's input " + inputShape + ": " + e.getMessage());
                graph.close();
                return null;
            }
            Map<String, NDArray> s = student.forward(probe, Map.of(studentInput, zero), candidates);
            PrunedChannels pruned = prunedChannels(studentModel);
            Map<String, Selection> matched = new LinkedHashMap<>();
            for (String name : candidates) {
                Shape ts = t.get(name).getShape();
                Shape ss = s.get(name).getShape();
                if (ts.dimension() != 4 || ss.dimension() != 4) {
                    continue;
                }
                Optional<int[]> kept = pruned.kept(name);
                if (ts.equals(ss)) {
                    matched.put(name, null);
                } else if (kept.isPresent()) {
                    Selection sel = Selection.of(ts, ss, kept.get(), graph.manager());
                    if (sel != null) {
                        matched.put(name, sel);
                    }
                }
            }
            if (matched.isEmpty()) {
                why.add(candidates.size() + " tensors are named alike but none has the same shape in both, or"
                        + " the pruned channels recorded in the student's metadata (" + PrunedChannels.METADATA_KEY
                        + ")");
                graph.close();
                return null;
            }
            return new FeatureHints(graph, teacherInputs.get(0), matched);
        }
    }

    /** @return the channels the pruner recorded in the student's metadata; none if it recorded nothing */
    private static PrunedChannels prunedChannels(ModelProto m) {
        for (var e : m.getMetadataPropsList()) {
            if (e.getKey().equals(PrunedChannels.METADATA_KEY)) {
                return PrunedChannels.parse(e.getValue());
            }
        }
        return PrunedChannels.none();
    }

    /** The kept channels of a pruned tensor: the teacher's tensor is cut to them along one axis. */
    private record Selection(int axis, NDArray indices) {
        /** @return the selection, or null if the shapes differ elsewhere than on one axis of the kept length */
        static Selection of(Shape teacher, Shape student, int[] kept, NDManager manager) {
            int axis = -1;
            for (int d = 0; d < teacher.dimension(); d++) {
                if (teacher.get(d) != student.get(d)) {
                    if (axis >= 0) {
                        return null;
                    }
                    axis = d;
                }
            }
            if (axis < 0 || student.get(axis) != kept.length || kept[kept.length - 1] >= teacher.get(axis)) {
                return null;
            }
            long[] idx = new long[kept.length];
            for (int i = 0; i < kept.length; i++) {
                idx[i] = kept[i];
            }
            return new Selection(axis, manager.create(idx));
        }

        NDArray apply(NDArray teacher) {
            return teacher.get(new NDIndex(":, ".repeat(axis) + "{}", indices));
        }
    }

    /** @return the names of the matched tensors (ask the student's forward pass for them) */
    Set<String> names() {
        return Collections.unmodifiableSet(matched.keySet());
    }

    /** @return how many matched tensors were pruned (compared on their kept channels) */
    int prunedCount() {
        return (int) matched.values().stream().filter(Objects::nonNull).count();
    }

    /**
     * @param scope this step's manager
     * @param input the student's input tensor (the teacher gets the same)
     * @param student the student's forward outputs, holding every matched tensor
     * @return the mean relative squared error over the matched tensors (a scalar with gradient)
     */
    NDArray loss(NDManager scope, NDArray input, Map<String, NDArray> student) {
        Map<String, NDArray> t = teacher.forward(scope, Map.of(teacherInput, input), matched.keySet());
        NDArray total = null;
        for (Map.Entry<String, Selection> e : matched.entrySet()) {
            String name = e.getKey();
            NDArray target = e.getValue() == null ? t.get(name).stopGradient()
                    : e.getValue().apply(t.get(name)).stopGradient();
            NDArray s = student.get(name);
            NDArray rel = s.sub(target).square().mean().div(target.square().mean().maximum(ENERGY_FLOOR));
            total = total == null ? rel : total.add(rel);
        }
        return total.div(matched.size());
    }

    private static Set<String> featureOutputs(ModelProto m) {
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto v : m.getGraph().getOutputList()) {
            outputs.add(v.getName());
        }
        Set<String> names = new LinkedHashSet<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (FEATURE_OPS.contains(n.getOpType()) && n.getDomain().isEmpty()) {
                for (String o : n.getOutputList()) {
                    if (!o.isEmpty() && !outputs.contains(o)) {
                        names.add(o);
                    }
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        teacher.close();
    }

    /** @return a one-line account for the log */
    @Override
    public String toString() {
        return "feature hints on " + matched.size() + " feature maps shared by teacher and student (" + prunedCount()
                + " of them on the kept channels of pruned ones)";
    }
}
