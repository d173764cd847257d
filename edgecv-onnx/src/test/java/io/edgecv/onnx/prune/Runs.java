package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.ModelFormat;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Runs models through ONNX Runtime and ONNX's own checker, and builds independent references. */
final class Runs {
    static final String PYTHON = "/usr/bin/python3";

    private Runs() {
    }

    /** @return every output of the model on a fixed random input, at an ONNX Runtime optimisation level */
    static float[][] outputs(Path model, String level) throws Exception {
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(ModelSource.of(model),
                BackendOptions.of(1, Map.of("onnx.optimization", level)))) {
            FloatBuffer in = s.inputBuffer(0).duplicate().order(ByteOrder.nativeOrder()).clear().asFloatBuffer();
            Random r = new Random(7);
            while (in.hasRemaining()) {
                in.put((float) r.nextGaussian());
            }
            s.run();
            float[][] out = new float[s.outputCount()][];
            for (int o = 0; o < out.length; o++) {
                FloatBuffer b = s.output(o);
                out[o] = new float[b.remaining()];
                b.get(out[o]);
            }
            return out;
        }
    }

    /** @return output shapes of the model on a zero input */
    static long[][] shapes(Path model) throws Exception {
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(ModelSource.of(model),
                BackendOptions.of(1, Map.of()))) {
            s.run();
            long[][] out = new long[s.outputCount()][];
            for (int o = 0; o < out.length; o++) {
                out[o] = s.outputShape(o).clone();
            }
            return out;
        }
    }

    /**
     * The independent reference for pruning: the unpruned model with the given filters' weights and biases set to
     * zero. Removing those channels must give the same outputs, since a zero channel contributes nothing.
     */
    static Path zeroFilters(Path model, Map<String, Set<Integer>> filters, Path out) throws IOException {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(model));
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (NodeProto n : m.getGraph().getNodeList()) {
            Set<Integer> f = filters.get(n.getName());
            if (f == null || f.isEmpty()) {
                continue;
            }
            for (int k = 1; k < n.getInputCount(); k++) {
                for (int i = 0; i < g.getInitializerCount(); i++) {
                    TensorProto t = g.getInitializer(i);
                    if (!t.getName().equals(n.getInput(k))) {
                        continue;
                    }
                    float[] v = OnnxGraphTools.floats(t);
                    int per = v.length / (int) t.getDims(0);
                    for (int c : f) {
                        java.util.Arrays.fill(v, c * per, (c + 1) * per, 0f);
                    }
                    g.setInitializer(i, OnnxGraphTools.ofFloats(t.getName(),
                            t.getDimsList().stream().mapToLong(Long::longValue).toArray(), v));
                }
            }
        }
        Files.write(out, m.toBuilder().setGraph(g).build().toByteArray());
        return out;
    }

    /** @return null if ONNX's checker (full check, strict shape inference) accepts the model, else why not */
    static String onnxChecker(Path model) throws Exception {
        String check = "import sys, onnx\nm = onnx.load(sys.argv[1])\n"
                + "onnx.checker.check_model(m, full_check=True)\nprint('checker passed')\n";
        Process p = new ProcessBuilder(PYTHON, "-c", check, model.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "checker timed out";
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 && said.contains("checker passed") ? null : said;
    }

    /** @return whether Python with the onnx package is installed (Debian: python3-onnx) */
    static boolean hasOnnxChecker() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import onnx").redirectErrorStream(true).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
