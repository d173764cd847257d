package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.flatbuffers.FlatBufferReader;
import io.edgecv.testing.Fixtures;
import io.edgecv.tflite.TinyFlatBuffer.Refs;
import io.edgecv.tflite.TinyFlatBuffer.Scalars;
import io.edgecv.tflite.TinyFlatBuffer.Str;
import io.edgecv.tflite.TinyFlatBuffer.Table;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made hostile models, each refused by the verifier with a message naming the defect. */
class VerifierTest {
    private static final long[] IMAGE = {1, 4, 4, 3};

    private static Table f32(String name, long... shape) {
        return TinyModels.tensor(name, 0, shape, 0f, 0, 0);
    }

    private static Table op(long[] in, long[] out) {
        return new Table().scalar(0, 4, 0).ref(1, new Scalars(4, in)).ref(2, new Scalars(4, out));
    }

    private static void refused(byte[] model, String... fragments) {
        assertThatThrownBy(() -> TfLiteModelVerifier.verify(model, "hostile.tflite"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("hostile.tflite is corrupt")
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void operatorReadingItsOwnOutputIsACycle() {
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {1}, op(new long[] {1}, new long[] {1})), "reads tensor 1 before");
    }

    @Test
    void operatorWritingASubgraphInputIsRefused() {
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {1}, op(new long[] {0}, new long[] {0})), "is a subgraph input");
    }

    @Test
    void indicesOutOfRangeAreRefused() {
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {1}, op(new long[] {5}, new long[] {1})), "tensor 5, out of range");
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {1}, op(new long[] {0}, new long[] {1}).scalar(0, 4, 3)),
                "opcode_index 3 is out of range");
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE),
                        TinyModels.tensor("b", 0, IMAGE, 0f, 0, 7)},
                new long[] {0}, new long[] {1}, op(new long[] {0}, new long[] {1})), ".buffer 7 is out of range");
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {-1}, op(new long[] {0}, new long[] {1})), "outputs[0] is tensor -1");
    }

    @Test
    void shapesAreChecked() {
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, f32("a", 1, -4, 4, 3), f32("b", IMAGE)),
                "negative dimension");
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, f32("a", IMAGE), f32("b", 1, 400, 4, 3)),
                "turns shape [1, 4, 4, 3] into [1, 400, 4, 3]");
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, f32("a", IMAGE), f32("b", 1, 65536, 65536, 3)),
                "elements");
    }

    @Test
    void quantizationIsChecked() {
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, TinyModels.tensor("q", 3, IMAGE, -1f, 0, 0),
                f32("b", IMAGE)), "scale[0] is -1.0");
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, TinyModels.tensor("q", 3, IMAGE, 0.5f, 300, 0),
                f32("b", IMAGE)), "zero_point[0] is 300");
        Table perChannel = f32("q", IMAGE).ref(4, new Table()
                .ref(2, new Scalars(4, Float.floatToIntBits(0.5f), Float.floatToIntBits(0.25f)))
                .ref(3, new Scalars(8, 0, 0)).scalar(6, 4, 3));
        refused(TinyModels.oneOp(TinyModels.DEQUANTIZE, perChannel, f32("b", IMAGE)), "2 per-channel scales");
    }

    @Test
    void convolutionWithoutStridesIsRefused() {
        refused(TinyModels.oneOp(3, f32("a", IMAGE), f32("b", IMAGE)), "CONV_2D", "needs builtin options");
        Table conv = op(new long[] {0}, new long[] {1}).scalar(3, 1, 1)
                .ref(4, new Table().scalar(0, 1, 0).scalar(1, 4, 0).scalar(2, 4, 1));
        refused(TinyModels.model(3, new Table[] {f32("a", IMAGE), f32("b", IMAGE)}, new long[] {0},
                new long[] {1}, conv), "stride_w is 0");
        Table unknown = op(new long[] {0}, new long[] {1}).scalar(3, 1, 200).ref(4, new Table());
        refused(TinyModels.model(TinyModels.DEQUANTIZE, new Table[] {f32("a", IMAGE), f32("b", IMAGE)},
                new long[] {0}, new long[] {1}, unknown), "unknown type 200");
    }

    @Test
    void whileLoopCallingItsOwnSubgraphIsRefused() {
        Table loop = op(new long[] {0}, new long[] {1}).scalar(3, 1, 93)
                .ref(4, new Table().scalar(0, 4, 0).scalar(1, 4, 0));
        refused(TinyModels.model(119, new Table[] {f32("a", IMAGE), f32("b", IMAGE)}, new long[] {0},
                new long[] {1}, loop), "cycle");
    }

    @Test
    void constantDataMustFitItsTensorAndNeverBeWritten() {
        Table model = modelWithBuffers(f32("w", 2), new Table().ref(0, new Scalars(1, 1, 2, 3, 4)), false);
        refused(TinyFlatBuffer.finish(model), "2 elements (8 bytes) but buffers[1] holds 4 bytes");
        Table written = modelWithBuffers(f32("w", 1), new Table().ref(0, new Scalars(1, 1, 2, 3, 4)), true);
        refused(TinyFlatBuffer.finish(written), "writes its output 0 into constant tensor 1");
        Table outside = modelWithBuffers(f32("w", 1), new Table().scalar(1, 8, 1L << 40).scalar(2, 8, 4), false);
        refused(TinyFlatBuffer.finish(outside), "buffers[1] points to bytes 1099511627776 + 4, outside");
    }

    /** Tensor 0 input, tensor 1 ({@code constant}, buffer 1) read or written by a DEQUANTIZE op. */
    private static Table modelWithBuffers(Table constant, Table buffer1, boolean written) {
        constant.scalar(2, 4, 1);
        Table subgraph = new Table()
                .ref(0, new Refs(f32("in", 1), constant))
                .ref(1, new Scalars(4, 0))
                .ref(2, new Scalars(4, written ? 1 : 0))
                .ref(3, new Refs(written ? op(new long[] {0}, new long[] {1}) : op(new long[] {1}, new long[] {0})));
        return new Table().scalar(0, 4, 3)
                .ref(1, new Refs(new Table().scalar(0, 1, 6).scalar(2, 4, 1).scalar(3, 4, 6)))
                .ref(2, new Refs(subgraph))
                .ref(4, new Refs(new Table(), buffer1));
    }

    @Test
    void customOptionsMustBeAValidFlexBuffer() throws Exception {
        byte[] bad = customOpModel(new long[] {1, 2, 9});
        refused(bad, "custom_options is not a valid FlexBuffer: byte width 9");
        byte[] good = customOpModel(new long[] {5, 4, 1}); // the int 5, type INT, width 1
        assertThat(TfLiteModelVerifier.verify(good, "custom.tflite").operators()).containsExactly("CUSTOM:EdgeCvNoSuchOp");
        assumeThat(Backends.availability(new TfLiteBackendProvider()).isAvailable()).isTrue();
        assertThatThrownBy(() -> new TfLiteBackendProvider().open(ModelSource.ofBytes(good, "custom.tflite"),
                BackendOptions.of(1, Map.of())))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("custom operator");
    }

    private static byte[] customOpModel(long[] options) {
        Table subgraph = new Table()
                .ref(0, new Refs(f32("a", IMAGE), f32("b", IMAGE)))
                .ref(1, new Scalars(4, 0))
                .ref(2, new Scalars(4, 1))
                .ref(3, new Refs(op(new long[] {0}, new long[] {1}).ref(5, new Scalars(1, options))));
        return TinyFlatBuffer.finish(new Table().scalar(0, 4, 3)
                .ref(1, new Refs(new Table().scalar(0, 1, 32).ref(1, new Str("EdgeCvNoSuchOp")).scalar(2, 4, 1)
                        .scalar(3, 4, 32)))
                .ref(2, new Refs(subgraph))
                .ref(4, new Refs(new Table())));
    }

    @Test
    void wrongSchemaVersionAndBrokenVtablesAreRefused() throws Exception {
        byte[] ok = TinyModels.uint8Input(4, 4, 0.5f, 0);
        FlatBufferReader<ModelDefect> fb = TfLiteModelVerifier.reader(ok);
        FlatBufferReader.Table<ModelDefect> model = fb.table(fb.deref(0, "root"), "model");
        byte[] v2 = ok.clone();
        v2[model.field(0, 4, "version")] = 2;
        refused(v2, "schema version is 2");
        byte[] vt = ok.clone();
        int root = fb.deref(0, "root");
        vt[root + 3] = 0x40; // soffset to the vtable becomes huge
        refused(vt, "model vtable");
    }

    @Test
    void probeProcessCatchesANativeCrashThatWouldKillThisJvm() throws Exception {
        assumeThat(Backends.availability(new TfLiteBackendProvider()).isAvailable()).isTrue();
        byte[] original = Files.readAllBytes(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        ModelMutator mutator = new ModelMutator(original,
                TfLiteModelVerifier.verify(original, "short").dataRanges());
        TfLiteOptions options = TfLiteOptions.parse(BackendOptions.of(1, Map.of()));
        int crashes = 0;
        for (long seed = 0; seed < 12 && crashes == 0; seed++) {
            byte[] mutant = mutator.mutate(seed);
            try {
                ModelProbe.check(mutant, null, "mutant" + seed, options, UnverifiedProbeMain.class);
            } catch (InvalidModelException e) {
                if (e.getMessage().contains("crashed")) {
                    crashes++;
                    assertThat(e.getMessage()).contains("mutant" + seed, "isolated probe process",
                            "Nothing was loaded into this JVM");
                }
            }
        }
        assertThat(crashes).as("unverified TensorFlow Lite crashed on one of the first mutants").isPositive();
    }
}
