package io.edgecv.onnx.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a TensorFlow Lite model to ONNX in pure Java, for runtimes that read ONNX only (TensorRT, ONNX Runtime's
 * GPU providers). The model's input and output names are kept; inputs and outputs keep TFLite's NHWC layout
 * unless {@link Builder#optNchw(boolean) NCHW} is asked; inside, convolutions run on NCHW values with Transposes
 * only where a layout change is needed. Float16 and int8 weights behind DEQUANTIZE become float32 initializers.
 * A model with unsupported operators is refused with all of them named at once.
 *
 * <pre>{@code
 * TfLiteToOnnx.convert(Path.of("model.tflite"), Path.of("model.onnx"));           // defaults
 * TfLiteToOnnx.builder().optNchw(true).build().convertModel(in, out);            // NCHW inputs and outputs
 * }</pre>
 *
 * <p>Writes ONNX with the protobuf classes of {@code org.tribuo:tribuo-util-onnx}, an optional dependency of
 * edgecv-onnx: add it to convert.
 *
 * <p>Thread-safety: immutable and thread-safe; each call works on its own copy of the model.
 */
public final class TfLiteToOnnx {
    /** The default ONNX opset. */
    public static final int DEFAULT_OPSET = 13;
    /** Lowest and highest opset the converter writes. */
    public static final int MIN_OPSET = 13;
    /** Highest opset the converter writes. */
    public static final int MAX_OPSET = 21;
    /** Largest model file read: the bytes are held in one Java array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private static final Logger LOG = LoggerFactory.getLogger(TfLiteToOnnx.class);

    private final boolean nchw;
    private final int opset;

    private TfLiteToOnnx(Builder b) {
        this.nchw = b.nchw;
        this.opset = b.opset;
    }

    /** @return a builder with the defaults: NHWC inputs and outputs, opset {@value #DEFAULT_OPSET} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts with the defaults (NHWC inputs and outputs as in the TFLite model, names kept, opset 13).
     *
     * @param tflite the TensorFlow Lite model
     * @param onnx   where to write the ONNX model (replaced if present)
     * @throws TfLiteFormatException      if {@code tflite} is not a readable TFLite model
     * @throws UnsupportedModelException  if it uses operators or tensors the converter cannot map
     * @throws IOException                if a file cannot be read or written
     */
    public static void convert(Path tflite, Path onnx) throws IOException {
        builder().build().convertModel(tflite, onnx);
    }

    /**
     * Converts with this object's settings.
     *
     * @param tflite the TensorFlow Lite model
     * @param onnx   where to write the ONNX model (replaced if present)
     * @return what was converted
     * @throws TfLiteFormatException      if {@code tflite} is not a readable TFLite model
     * @throws UnsupportedModelException  if it uses operators or tensors the converter cannot map
     * @throws IOException                if a file cannot be read or written
     */
    public ConversionSummary convertModel(Path tflite, Path onnx) throws IOException {
        Objects.requireNonNull(tflite, "tflite");
        Objects.requireNonNull(onnx, "onnx");
        if (tflite.toAbsolutePath().normalize().equals(onnx.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + onnx + " is the input model; write to another file");
        }
        long size = Files.size(tflite);
        if (size > MAX_FILE_BYTES) {
            throw new UnsupportedModelException(tflite.toString(), List.of("the file has " + size
                    + " bytes; models over 2 GB are not supported"));
        }
        TfLiteModel model;
        try {
            model = TfLiteModel.read(Files.readAllBytes(tflite));
        } catch (TfLiteFormatException e) {
            throw new TfLiteFormatException(tflite + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a graph output no operator writes, or the like, in a file that passed the structural checks
            throw new UnsupportedModelException(tflite.toString(), List.of("the graph does not hold together: " + e));
        }
        List<String> problems = GraphCheck.problems(model);
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(tflite.toString(), problems);
        }
        requireProtobuf();
        ModelWriter writer;
        try {
            writer = new ModelWriter(model, nchw, opset);
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(tflite.toString(), e.problems());
        } catch (TfLiteFormatException e) {
            throw new TfLiteFormatException(tflite + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a graph output no operator writes, or the like, in a file that passed the structural checks
            throw new UnsupportedModelException(tflite.toString(), List.of("the graph does not hold together: " + e));
        }
        Path dir = onnx.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = onnx.resolveSibling(onnx.getFileName() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            Files.move(tmp, onnx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Map<String, Integer> ops = new LinkedHashMap<>();
        for (TfLiteModel.Operator op : model.operators) {
            ops.merge(op.name(), 1, Integer::sum);
        }
        List<String> in = new ArrayList<>();
        for (int i : model.inputs) {
            in.add(model.tensors.get(i).name());
        }
        List<String> outNames = new ArrayList<>();
        for (int o : model.outputs) {
            outNames.add(model.tensors.get(o).name());
        }
        LOG.info("converted {} ({} TFLite operators) to {} ({} ONNX nodes, opset {}, {})", tflite,
                model.operators.size(), onnx, writer.nodeCount(), opset, nchw ? "NCHW" : "NHWC");
        return new ConversionSummary(in, outNames, ops, writer.nodeCount(), opset, nchw);
    }

    /** @throws IllegalStateException naming the dependency to add when the ONNX protobuf classes are missing */
    private static void requireProtobuf() {
        try {
            Class.forName("com.google.protobuf.GeneratedMessageV3", false, TfLiteToOnnx.class.getClassLoader());
            Class.forName("ai.onnx.proto.OnnxMl", false, TfLiteToOnnx.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the converter writes ONNX with protobuf classes that are not on the"
                    + " class path (" + e.getMessage() + "); add org.tribuo:tribuo-util-onnx:4.3.2 beside"
                    + " io.edgecv:edgecv-onnx");
        }
    }

    @Override
    public String toString() {
        return "TfLiteToOnnx[" + (nchw ? "NCHW" : "NHWC") + " inputs and outputs, opset " + opset + "]";
    }

    /**
     * Settings of a {@link TfLiteToOnnx}.
     *
     * <p>Thread-safety: not thread-safe; build once, then share the converter.
     */
    public static final class Builder {
        private boolean nchw;
        private int opset = DEFAULT_OPSET;

        private Builder() {
        }

        /**
         * @param nchw true to give the ONNX model NCHW inputs and outputs where TFLite has NHWC (4-D tensors);
         *             false (the default) keeps TFLite's layout, so the ONNX model takes the same tensors
         * @return this builder
         */
        public Builder optNchw(boolean nchw) {
            this.nchw = nchw;
            return this;
        }

        /**
         * @param opset ONNX opset to write, {@value #MIN_OPSET} to {@value #MAX_OPSET}; default
         *              {@value #DEFAULT_OPSET}
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder optOpset(int opset) {
            if (opset < MIN_OPSET || opset > MAX_OPSET) {
                throw new IllegalArgumentException("opset " + opset + " is outside " + MIN_OPSET + ".." + MAX_OPSET
                        + ", the opsets the converter writes");
            }
            this.opset = opset;
            return this;
        }

        /** @return the converter */
        public TfLiteToOnnx build() {
            return new TfLiteToOnnx(this);
        }
    }
}
