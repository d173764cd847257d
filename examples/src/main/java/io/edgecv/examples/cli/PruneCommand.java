package io.edgecv.examples.cli;

import io.edgecv.EdgeCvException;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningListener;
import io.edgecv.prune.PruningMode;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.RatioScope;
import io.edgecv.prune.Pruners;
import io.edgecv.quantize.ComparisonReport;
import io.edgecv.quantize.ModelComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv prune}: structured channel pruning of an ONNX model with training-free recovery (refits on a folder
 * of calibration photos or video frames), or 2:4 / unstructured sparsity, with progress on stderr, the report at
 * the end and with {@code --eval} a side-by-side comparison with the unpruned model on other photos.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune an ONNX model: remove channels (refitting the next layers on photos) or sparsify.")
final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "The float32 ONNX model.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, description = "Where to write the pruned model.")
    Path out;

    @Option(names = "--calib", description = "Folder of calibration photos or video frames (a few hundred help the"
            + " refit); needed for --importance activation and for recovery.")
    Path calib;

    @Option(names = "--ratio", defaultValue = "0.3", description = "Fraction to remove, 0 to 0.9 (structured,"
            + " global activation: of the groups' MACs; otherwise of their channels). Default: ${DEFAULT-VALUE}.")
    double ratio;

    @Option(names = "--mode", defaultValue = "structured", description = "structured, unstructured or 2:4."
            + " Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--importance", defaultValue = "activation", description = "l1, l2, bn (BatchNorm scale) or"
            + " activation (ThiNet on the calibration photos). Default: ${DEFAULT-VALUE}.")
    String importance;

    @Option(names = "--per-layer", description = "The same ratio in every group (default: global ranking).")
    boolean perLayer;

    @Option(names = "--steps", defaultValue = "1", description = "Reach the ratio in this many prune-and-refit"
            + " steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--round-to", defaultValue = "8", description = "Keep a multiple of this many channels per"
            + " group (odd counts run slowly on vectorised kernels; 1 turns rounding off). Default: ${DEFAULT-VALUE}.")
    int roundTo;

    @Option(names = "--sensitivity-images", defaultValue = "8", description = "Calibration images on which each"
            + " group, pruned alone, is scored by how much it changes the model's outputs (global activation"
            + " ranking; 0 turns the pass off). Default: ${DEFAULT-VALUE}.")
    int sensitivityImages;

    @Option(names = "--ridge", defaultValue = "0.001", description = "Ridge penalty of the refit, relative to the"
            + " activations' mean variance, pulling towards the layer's own weights; (0, 1]. Default: ${DEFAULT-VALUE}"
            + " (0.01 kept more on the SSD).")
    double ridge;

    @Option(names = "--no-recovery", description = "Do not refit the next layers.")
    boolean noRecovery;

    @Option(names = "--prune-heads", description = "Also prune the output heads' channels where the graph allows.")
    boolean pruneHeads;

    @Option(names = "--exclude-node", split = ",", description = "Nodes whose output channels are kept.")
    List<String> excludeNodes = new ArrayList<>();

    @Option(names = "--eval", description = "Folder of photos (not the calibration ones) to compare the unpruned and"
            + " pruned models on: size, latency, mAP@0.5 of the pruned detections against the unpruned ones.")
    Path eval;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", description = "Runtime threads; 0 = runtime default.")
    int threads;

    @Override
    public Integer call() throws IOException, EdgeCvException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        PruningConfig config;
        PruningReport report;
        if (calib == null && parseModeOrNull() == PruningMode.STRUCTURED && ratio > 0
                && (!noRecovery || importance.equalsIgnoreCase("activation"))) {
            err.println("structured pruning refits the next layers on photos: give a folder of them with --calib"
                    + " (a few hundred video frames work best), or use --no-recovery --importance l1");
            return 2;
        }
        try {
            config = config();
            report = Pruners.forModel(model).prune(model, this.out, config, progress(err));
        } catch (IllegalArgumentException e) {
            err.println();
            err.println(e.getMessage());
            return 2;
        }
        out.println(report.toText());
        out.println("wrote " + this.out);
        if (eval != null) {
            err.println("comparing unpruned and pruned models on " + eval + " ...");
            ComparisonReport c = new ModelComparison(model, this.out).addImages(QuantizeCommand.pictures(eval))
                    .optThreads(threads).run();
            out.println(c.toText());
        }
        out.flush();
        return 0;
    }

    private PruningConfig config() throws IOException {
        PruningConfig.Builder b = PruningConfig.builder().optMode(parseMode(mode)).optRatio(ratio)
                .optImportance(parseImportance(importance)).optScope(perLayer ? RatioScope.PER_LAYER
                        : RatioScope.GLOBAL).optSteps(steps).optRoundTo(roundTo).optRecovery(!noRecovery)
                .optSensitivityImages(sensitivityImages).optRidge(ridge)
                .optKeepHeads(!pruneHeads).optExcludeNodes(excludeNodes.toArray(new String[0])).optThreads(threads);
        if (calib != null) {
            b.optCalibrationImages(QuantizeCommand.pictures(calib));
        }
        return b.build();
    }

    private PruningMode parseModeOrNull() {
        try {
            return parseMode(mode);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PruningMode parseMode(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "structured": return PruningMode.STRUCTURED;
            case "unstructured": return PruningMode.UNSTRUCTURED;
            case "2:4": case "2-4": return PruningMode.SEMI_STRUCTURED_2_4;
            default: throw new IllegalArgumentException("--mode " + s + " is not structured, unstructured or 2:4");
        }
    }

    private static Importance parseImportance(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "l1": return Importance.L1;
            case "l2": return Importance.L2;
            case "bn": return Importance.BN_SCALE;
            case "activation": return Importance.ACTIVATION;
            default: throw new IllegalArgumentException("--importance " + s + " is not l1, l2, bn or activation");
        }
    }

    /** One line on stderr per stage, redrawn in place. */
    private static PruningListener progress(PrintWriter err) {
        return (stage, done, total) -> {
            err.print(String.format(Locale.ROOT, "\r%-40s %d/%d", stage.length() > 40 ? stage.substring(0, 40)
                    : stage, done, total));
            if (done == total) {
                err.println();
            }
            err.flush();
        };
    }
}
