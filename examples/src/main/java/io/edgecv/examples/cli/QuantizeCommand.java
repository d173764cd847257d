package io.edgecv.examples.cli;

import io.edgecv.EdgeCvException;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;
import io.edgecv.quantize.ComparisonReport;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.quantize.Quantizers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv quantize}: post-training quantization of an ONNX model (static INT8 calibrated on a folder of
 * photos, dynamic INT8 or FP16), with a progress bar over calibration on stderr, the report at the end, and with
 * {@code --eval} a side-by-side comparison with the float32 model on other photos.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantize an ONNX model to INT8 (static, calibrated on photos; or dynamic) or FP16.")
final class QuantizeCommand implements Callable<Integer> {
    private static final Set<String> PICTURES = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "The float32 ONNX model.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, description = "Where to write the quantized model.")
    Path out;

    @Option(names = "--calib", description = "Folder of calibration photos like those the model will see "
            + "(8 or more; required for --mode int8).")
    Path calib;

    @Option(names = "--mode", defaultValue = "int8", description = "int8 (static, QDQ), dynamic or fp16. "
            + "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--method", defaultValue = "entropy", description = "Calibration: minmax, percentile or entropy."
            + " Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--percentile", description = "Percentile for --method percentile (default 99.999).")
    Double percentile;

    @Option(names = "--per-channel", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "One weight scale per output channel (default); --no-per-channel for one per tensor.")
    boolean perChannel;

    @Option(names = "--activations", defaultValue = "uint8", description = "uint8 (asymmetric, for ONNX Runtime on"
            + " CPU) or int8 (symmetric, for TensorRT). Default: ${DEFAULT-VALUE}.")
    String activations;

    @Option(names = "--exclude-node", split = ",", description = "Node names to leave in float.")
    List<String> excludeNodes = new ArrayList<>();

    @Option(names = "--exclude-op", split = ",", description = "Operator types to leave in float, e.g. Add,Concat.")
    List<String> excludeOps = new ArrayList<>();

    @Option(names = "--fp16-block", split = ",", description = "Operator types --mode fp16 keeps in float32 "
            + "(replaces the default list: Resize, NonMaxSuppression, TopK, Exp, ...).")
    List<String> fp16Block;

    @Option(names = "--eval", description = "Folder of photos (not the calibration ones) to compare the float32 and"
            + " quantized models on: size, latency, mAP@0.5 of the quantized detections against float32.")
    Path eval;

    @Option(names = "--min-agreement", description = "Refuse to write a static INT8 model whose detections on the"
            + " calibration photos agree with float32 below this mAP@0.5 (default 0.5; 0 writes it anyway).")
    Double minAgreement;

    @Option(names = "--ranges", description = "Print every calibrated activation range.")
    boolean ranges;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", description = "Runtime threads; 0 = runtime default.")
    int threads;

    @Override
    public Integer call() throws IOException, EdgeCvException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        QuantizationConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(QuantizeFlags.translate(e.getMessage()));
        }
        if (!Files.isRegularFile(model)) {
            throw CliException.failure("no such model: " + model, null);
        }
        Quantizer quantizer = Quantizers.forModel(model);
        QuantizationReport report;
        try (CalibrationProgress progress = new CalibrationProgress(err)) {
            report = quantizer.quantize(model, this.out, config, progress);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(QuantizeFlags.translate(e.getMessage()));
        } catch (EdgeCvException e) {
            throw CliException.failure(QuantizeFlags.translate(e.getMessage()), e);
        }
        out.println(report.toText(ranges));
        out.println("wrote " + this.out);
        String name = this.out.getFileName().toString();
        Path labels = this.out.resolveSibling((name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.'))
                : name) + ".labels.txt");
        if (Files.isRegularFile(labels)) {
            out.println("wrote " + labels + " (the original model's labels)");
        }
        if (eval != null) {
            err.println("edgecv: comparing float32 and quantized models on " + eval + " ...");
            ComparisonReport c = new ModelComparison(model, this.out).addImages(pictures(eval)).optThreads(threads)
                    .run();
            out.println(c.toText());
        }
        out.flush();
        return 0;
    }

    private QuantizationConfig config() throws IOException {
        QuantizationConfig.Builder b = QuantizationConfig.builder().optThreads(threads).optPerChannel(perChannel)
                .optMode(parseMode(mode)).optCalibrationMethod(parseMethod(method))
                .optActivationType(parseActivations(activations))
                .optExcludeNodes(excludeNodes.toArray(new String[0]))
                .optExcludeOpTypes(excludeOps.toArray(new String[0]));
        if (percentile != null) {
            b.optPercentile(percentile);
        }
        if (minAgreement != null) {
            b.optMinAgreement(minAgreement);
        }
        if (fp16Block != null) {
            b.optFp16BlockList(Set.copyOf(fp16Block));
        }
        if (calib != null) {
            b.optCalibrationImages(pictures(calib));
        } else if (parseMode(mode) == QuantizationMode.STATIC_INT8) {
            throw new IllegalArgumentException("--mode int8 (static INT8, the default) needs calibration images:"
                    + " --calib <folder of 8 or more photos like those the model will see>; without any, use"
                    + " --mode dynamic or --mode fp16");
        }
        return b.build();
    }
    private static QuantizationMode parseMode(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "int8": case "static": return QuantizationMode.STATIC_INT8;
            case "dynamic": return QuantizationMode.DYNAMIC_INT8;
            case "fp16": return QuantizationMode.FP16;
            default: throw new IllegalArgumentException("--mode " + s + " is not int8, dynamic or fp16");
        }
    }

    private static CalibrationMethod parseMethod(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "minmax": return CalibrationMethod.MINMAX;
            case "percentile": return CalibrationMethod.PERCENTILE;
            case "entropy": return CalibrationMethod.ENTROPY;
            default: throw new IllegalArgumentException("--method " + s + " is not minmax, percentile or entropy");
        }
    }

    private static ActivationType parseActivations(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "uint8": return ActivationType.UINT8_ASYMMETRIC;
            case "int8": return ActivationType.INT8_SYMMETRIC;
            default: throw new IllegalArgumentException("--activations " + s + " is not uint8 or int8");
        }
    }

    /** @return the pictures in a folder, by name */
    static List<Path> pictures(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw CliException.failure(dir + " is not a folder of photos", null);
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                int dot = n.lastIndexOf('.');
                return dot > 0 && PICTURES.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted().forEach(found::add);
        }
        if (found.isEmpty()) {
            throw CliException.failure(dir + " holds no JPEG, PNG, BMP or GIF photos", null);
        }
        return found;
    }

}
