package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the real PP-OCRv3 detector's {@code .param} (numbers, lines, tokens, bytes, types, counts, truncation)
 * and truncates its {@code .bin}: every mutant is either rejected with {@link InvalidModelException} by the
 * validators, or handed to libncnn, which must load it (or refuse it) without bringing the JVM down; each loaded
 * mutant is then given a 64x64 input, which the shape check refuses or which runs. Mutants whose shapes the check
 * cannot follow through every layer (types it does not model) are loaded but not run: for those the library
 * guarantees nothing at run time. {@code -Dedgecv.ncnn.fuzz.mutants} and {@code -Dedgecv.ncnn.fuzz.seed} widen
 * the search.
 */
class ParamFuzzTest {
    private static final int MUTANTS = Integer.getInteger("edgecv.ncnn.fuzz.mutants", 3000);
    /** Keeps the mutant about to be opened in target/fuzz-last.param, to find the culprit of a crash. */
    private static final boolean TRACE = Boolean.getBoolean("edgecv.ncnn.fuzz.trace");
    private static final long SEED = Long.getLong("edgecv.ncnn.fuzz.seed", 20261126L);
    private static final String[] VALUES = {"0", "-1", "1", "2", "3", "-233", "-234", "2147483647", "-2147483648",
        "4294967296", "65536", "1000000", "0.5", "-0.0", "1e38", "1e39", "nan", "abc", "", "1,2", "1,,2", "3,1,2,3",
        "-23300", "7767517", "\"x\"", "0w", "(1w,2h)", "1.0.0", "9999999999999999"};
    private static final String[] TYPES = {"Convolution", "ConvolutionDepthWise", "Deconvolution", "Pooling",
        "Interp", "BinaryOp", "Split", "Concat", "Slice", "Crop", "Reshape", "Permute", "Softmax", "MatMul",
        "InnerProduct", "BatchNorm", "MemoryData", "Input", "Eltwise", "Gemm", "LSTM", "Noop", "NoSuchLayer"};

    @TempDir
    Path tmp;

    @Test
    void mutatedParamFilesAreRejectedOrLoadSafely() throws Exception {
        Path param = NcnnTesting.detector();
        Path bin = param.resolveSibling("ch_PP-OCRv3_det_infer.bin");
        String text = Files.readString(param, StandardCharsets.UTF_8);
        Random random = new Random(SEED);
        boolean native_ = NcnnRuntime.get().isLoaded();
        Files.copy(bin, tmp.resolve("m.bin"));
        int rejected = 0;
        int acceptedLoaded = 0;
        int acceptedRefused = 0;
        int ran = 0;
        int unchecked = 0;
        int shapeRejected = 0;
        int[] perKind = new int[11];
        int[] rejectedPerKind = new int[11];
        for (int i = 0; i < MUTANTS; i++) {
            int kind = random.nextInt(11);
            perKind[kind]++;
            byte[] mutant = mutate(text, kind, random).getBytes(StandardCharsets.UTF_8);
            Path p = tmp.resolve("m.param");
            Files.write(p, mutant);
            NcnnGraph graph;
            try {
                graph = ParamParser.parse(mutant, "m.param");
                WeightCheck.check(graph, tmp.resolve("m.bin"));
            } catch (InvalidModelException e) {
                rejected++;
                rejectedPerKind[kind]++;
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            if (!native_) {
                continue;
            }
            ModelSource src = ModelSource.of(p);
            if (TRACE) {
                Files.copy(p, Path.of("target/fuzz-last.param"), StandardCopyOption.REPLACE_EXISTING);
                System.err.println("FUZZ opening mutant " + i + " of kind " + kind);
            }
            try (BackendSession s = new NcnnBackendProvider().open(src, BackendOptions.of(1, Map.of()))) {
                acceptedLoaded++;
                if (s.inputs().size() == 1 && s.inputs().get(0).rank() == 4) {
                    try {
                        s.setInputShape(0, new long[] {1, 3, 64, 64});
                        if (((NcnnSession) s).shapesFullyChecked()) {
                            if (TRACE) {
                                System.err.println("FUZZ running mutant " + i + " of kind " + kind);
                            }
                            s.run();
                            ran++;
                        } else {
                            unchecked++;
                        }
                    } catch (EdgeCvException e) {
                        shapeRejected++;
                    }
                }
            } catch (InvalidModelException e) {
                acceptedRefused++; // libncnn refused it (unknown layer type, layer's own check) and said so
            } catch (IllegalArgumentException | IllegalStateException e) {
                acceptedRefused++;
            }
        }
        System.err.printf("FUZZ param: %d mutants, %d rejected by the validators, %d loaded by libncnn, %d refused by"
                + " libncnn; at 64x64: %d refused by the shape check, %d ran, %d not run (shapes not fully modelled);"
                + " per kind %s, rejected per kind %s%n", MUTANTS, rejected, acceptedLoaded, acceptedRefused,
                shapeRejected, ran, unchecked, Arrays.toString(perKind), Arrays.toString(rejectedPerKind));
        assertThat(rejected).isGreaterThan(MUTANTS / 2);
        if (native_) {
            assertThat(ran).as("mutants that ran").isGreaterThan(MUTANTS / 20);
        }
    }

    @Test
    void truncatedOrForeignWeightsAreRejected() throws Exception {
        Path param = NcnnTesting.detector();
        byte[] bin = Files.readAllBytes(param.resolveSibling("ch_PP-OCRv3_det_infer.bin"));
        NcnnGraph graph = ParamParser.parse(Files.readAllBytes(param), param.getFileName().toString());
        assertThat(WeightCheck.check(graph, param.resolveSibling("ch_PP-OCRv3_det_infer.bin"))).isEqualTo(bin.length);
        Random random = new Random(7);
        int cuts = 0;
        Path cut = tmp.resolve("cut.bin");
        for (int i = 0; i < 500; i++) {
            int n = i < 8 ? i : random.nextInt(bin.length);
            Files.write(cut, Arrays.copyOf(bin, n));
            assertThatThrownBy(() -> WeightCheck.check(graph, cut)).isInstanceOf(InvalidModelException.class);
            cuts++;
        }
        byte[] longer = Arrays.copyOf(bin, bin.length + 4);
        Files.write(cut, longer);
        assertThatThrownBy(() -> WeightCheck.check(graph, cut)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("another model");
        Path foreign = NcnnTesting.model("models/ch_ppocr_mobile_v2.0_cls_infer.bin");
        assertThatThrownBy(() -> WeightCheck.check(graph, foreign)).isInstanceOf(InvalidModelException.class);
        System.err.printf("FUZZ bin: %d truncations of %d bytes rejected%n", cuts, bin.length);
    }

    private static String mutate(String text, int kind, Random r) {
        String[] lines = text.split("\n", -1);
        int li = 2 + r.nextInt(lines.length - 3);
        String[] t = lines[li].trim().split(" +");
        switch (kind) {
            case 0: // truncate
                return text.substring(0, r.nextInt(text.length()));
            case 1: { // a number token, or a parameter value, replaced
                int k = r.nextInt(t.length);
                String v = VALUES[r.nextInt(VALUES.length)];
                int eq = t[k].indexOf('=');
                t[k] = eq > 0 ? t[k].substring(0, eq + 1) + v : v;
                break;
            }
            case 2: // a line dropped
                lines[li] = "";
                return String.join("\n", lines);
            case 3: // a line repeated
                lines[li] = lines[li] + "\n" + lines[li];
                return String.join("\n", lines);
            case 4: { // two tokens swapped
                int a = r.nextInt(t.length);
                int b = r.nextInt(t.length);
                String x = t[a];
                t[a] = t[b];
                t[b] = x;
                break;
            }
            case 5: { // a byte changed
                char[] c = text.toCharArray();
                c[r.nextInt(c.length)] = (char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(256));
                return new String(c);
            }
            case 6: // the counts changed
                lines[1] = (r.nextInt(400) - 50) + " " + (r.nextInt(400) - 50);
                return String.join("\n", lines);
            case 7: { // a parameter added
                int id = r.nextInt(3) == 0 ? -23300 - r.nextInt(40) : r.nextInt(40) - 4;
                lines[li] = lines[li] + " " + id + "=" + VALUES[r.nextInt(VALUES.length)];
                return String.join("\n", lines);
            }
            case 8: { // a blob renamed (or another layer's blob read)
                if (t.length > 4) {
                    String[] other = lines[2 + r.nextInt(lines.length - 3)].trim().split(" +");
                    t[4 + r.nextInt(Math.min(2, t.length - 4))] = other.length > 4 && r.nextBoolean()
                            ? other[other.length - 1] : "blob" + r.nextInt(1000);
                }
                break;
            }
            case 9: // a layer's type changed
                t[0] = TYPES[r.nextInt(TYPES.length)];
                break;
            default: { // a count of bottoms or tops changed
                if (t.length > 3) {
                    t[2 + r.nextInt(2)] = String.valueOf(r.nextInt(5) - 1);
                }
                break;
            }
        }
        lines[li] = String.join(" ", t);
        return String.join("\n", lines);
    }
}
