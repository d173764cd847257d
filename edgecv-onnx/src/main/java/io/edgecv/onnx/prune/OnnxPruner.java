package io.edgecv.onnx.prune;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.onnx.OnnxToolChecks;
import io.edgecv.prune.PruningListener;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.Pruner;
import io.edgecv.spi.Availability;
import java.nio.file.Path;
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
        Availability protobuf = OnnxToolChecks.protobuf("pruner", OnnxPruner.class.getClassLoader());
        if (!protobuf.isAvailable()) {
            return protobuf;
        }
        try {
            Class.forName("org.ejml.dense.row.CommonOps_DDRM", false, OnnxPruner.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("the ONNX pruner solves its refits with EJML, which is not on the class"
                    + " path (" + e.getMessage() + "); add org.ejml:ejml-simple:0.46.1 beside io.edgecv:edgecv-onnx");
        }
        return OnnxToolChecks.runtime("pruning");
    }

    @Override
    public PruningReport prune(Path model, Path output, PruningConfig config, PruningListener listener)
            throws EdgeCvException {
        OnnxToolChecks.checkCall(availability(), model, output, config, listener);
        return PruningJob.run(model, output, config, listener);
    }
}
