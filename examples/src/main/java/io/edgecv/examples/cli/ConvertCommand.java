package io.edgecv.examples.cli;

import io.edgecv.onnx.convert.ConversionSummary;
import io.edgecv.onnx.convert.TfLiteFormatException;
import io.edgecv.onnx.convert.TfLiteToOnnx;
import io.edgecv.onnx.convert.UnsupportedModelException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv convert}: a TensorFlow Lite model to ONNX, in pure Java ({@link TfLiteToOnnx}). Exit codes: 0
 * written, 2 a wrong command line (an {@code --out} that is not .onnx, an opset out of range), 1 a command that
 * could not be done (the model missing, unreadable, damaged or using operators the converter does not map).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a TensorFlow Lite model to ONNX (for TensorRT and ONNX Runtime's GPU providers).")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "The .tflite model.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, description = "Where to write the .onnx model.")
    Path out;

    @Option(names = "--nchw", description = "Give the ONNX model NCHW inputs and outputs (default: NHWC, as the "
            + "TFLite model has them).")
    boolean nchw;

    @Option(names = "--opset", defaultValue = "" + TfLiteToOnnx.DEFAULT_OPSET, description = "ONNX opset, "
            + TfLiteToOnnx.MIN_OPSET + " to " + TfLiteToOnnx.MAX_OPSET + ". Default: ${DEFAULT-VALUE}.")
    int opset;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(model)) {
            err.println("edgecv: no such file: " + model);
            return 1;
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            err.println("edgecv: --out " + out + " must name an .onnx file");
            return 2;
        }
        TfLiteToOnnx converter;
        try {
            converter = TfLiteToOnnx.builder().optNchw(nchw).optOpset(opset).build();
        } catch (IllegalArgumentException e) {
            err.println("edgecv: --opset: " + e.getMessage());
            return 2;
        }
        ConversionSummary s;
        try {
            s = converter.convertModel(model, out);
        } catch (IllegalArgumentException e) {
            err.println("edgecv: " + e.getMessage());
            return 2;
        } catch (UnsupportedModelException | TfLiteFormatException e) {
            err.println("edgecv: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("edgecv: cannot convert " + model + " to " + out + ": " + e);
            return 1;
        }
        int ops = s.tfliteOperators().values().stream().mapToInt(Integer::intValue).sum();
        stdout.println("wrote " + out + ": " + s.onnxNodes() + " ONNX nodes (opset " + s.opset() + ", "
                + (s.nchw() ? "NCHW" : "NHWC") + ") from " + ops + " TFLite operators " + s.tfliteOperators());
        stdout.println("inputs " + s.inputs() + ", outputs " + s.outputs());
        stdout.flush();
        return 0;
    }
}
