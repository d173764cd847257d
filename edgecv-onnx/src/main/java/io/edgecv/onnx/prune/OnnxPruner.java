package io.edgecv.onnx.prune;

import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.prune.PruningListener;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.Pruner;
import io.edgecv.spi.Availability;
import io.edgecv.spi.Backends;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Structured channel pruning with training-free recovery, and weight sparsity, of ONNX models in pure Java, named
 * {@code onnx}. Found by {@link io.edgecv.prune.Pruners}.
 *
 * <p>It reads and writes ONNX protobuf with the generated classes of {@code org.tribuo:tribuo-util-onnx} and
 * solves the refits with {@code org.ejml:ejml-simple}, both optional dependencies of edgecv-onnx (so that
 * detector-only users carry neither): add them to use this class; {@link #availability()} says so when one is
 * missing. Statistics and refits run the model through ONNX Runtime.
 *
 * <p>Thread-safety: thread-safe; each call works on its own copy of the model.
 */
public final class OnnxPruner implements Pruner {
    /** The pruner's name. */
    public static final String NAME = "onnx";

    /** Cheap: loads no protobuf or native code. */
    public OnnxPruner() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ModelFormat> formats() {
        return Set.of(ModelFormat.ONNX);
    }

    @Override
    public Availability availability() {
        ClassLoader loader = OnnxPruner.class.getClassLoader();
        try {
            Class.forName("com.google.protobuf.GeneratedMessageV3", false, loader);
            Class.forName("ai.onnx.proto.OnnxMl", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("the ONNX pruner reads models with protobuf classes that are not on"
                    + " the class path (" + e.getMessage() + "); add org.tribuo:tribuo-util-onnx:4.3.2 (it brings"
                    + " com.google.protobuf:protobuf-java) beside io.edgecv:edgecv-onnx");
        }
        try {
            Class.forName("org.ejml.dense.row.CommonOps_DDRM", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("the ONNX pruner solves its refits with EJML, which is not on the class"
                    + " path (" + e.getMessage() + "); add org.ejml:ejml-simple:0.46.1 beside io.edgecv:edgecv-onnx");
        }
        try {
            Availability runtime = Backends.availability(Backends.select(ModelFormat.ONNX, "onnx"));
            return runtime.isAvailable() ? runtime : Availability.unavailable("pruning runs ONNX Runtime, which"
                    + " cannot run here: " + runtime.reason());
        } catch (BackendUnavailableException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public PruningReport prune(Path model, Path output, PruningConfig config, PruningListener listener)
            throws EdgeCvException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new BackendUnavailableException(a.reason());
        }
        if (model.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + output + " is the input model; write to another file");
        }
        return PruningJob.run(model, output, config, listener);
    }
}
