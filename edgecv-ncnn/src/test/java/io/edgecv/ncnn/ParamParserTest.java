package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The validator on the real PP-OCRv3 param file and on each way NCNN's own parser can be led astray. */
class ParamParserTest {
    private static final String HEAD = "7767517\n";
    private static final String TINY = HEAD + "3 3\nInput data 0 1 data 0=4 1=1 2=1\n"
            + "InnerProduct fc 1 1 data fc 0=2 1=1 2=8\nReLU relu 1 1 fc out\n";

    @Test
    void readsTheRealDetectorAsNcnnDoes() throws Exception {
        Path param = NcnnTesting.detector();
        NcnnGraph g = ParamParser.parse(Files.readAllBytes(param), "det.param");
        assertThat(g.layers).hasSize(199);
        assertThat(g.blobs).hasSize(231);
        assertThat(g.inputBlobs()).extracting(g.blobs::get).containsExactly("input");
        assertThat(g.outputBlobs()).extracting(g.blobs::get).containsExactly("output");
        assertThat(g.layers.get(0).name).isEqualTo("x");
        assertThat(InputShapes.of(g, g.blobIndex("input"), null, null)).containsExactly(1, 3, -1, -1);
        assertThat(InputShapes.of(g, g.blobIndex("input"), null, new long[] {480, 640}))
                .containsExactly(1, 3, 480, 640);
        ParamLayer conv = g.layers.get(3);
        assertThat(conv.type).isEqualTo("Convolution");
        assertThat(conv.params.getInt(6, 0)).isEqualTo(216);
        ParamLayer hardswish = g.layers.get(4);
        assertThat(hardswish.params.getFloat(0, 0f)).isEqualTo(0.1666667f);
    }

    @Test
    void acceptsASmallHandWrittenNet() throws Exception {
        NcnnGraph g = parse(TINY);
        assertThat(g.outputBlobs()).extracting(g.blobs::get).containsExactly("out");
        assertThat(InputShapes.of(g, 0, null, null)).containsExactly(1, 1, 1, 4);
    }

    @Test
    void readsArraysStringsAndOldStyleArraysAsNcnnDoes() throws Exception {
        NcnnGraph g = parse(HEAD + "2 3\nInput in 0 1 in 0=8\n"
                + "Slice s 1 2 in a b -23300=2,-233,-233 1=0 3=1.5e-1,2,3 4=name 5=\"q\"\n");
        LayerParams p = g.layers.get(1).params;
        assertThat(p.kind(0)).isEqualTo(LayerParams.Kind.INT_ARRAY);
        assertThat(p.array(0)).containsExactly(-233, -233);
        assertThat(p.kind(3)).isEqualTo(LayerParams.Kind.FLOAT_ARRAY);
        assertThat(Float.intBitsToFloat(p.array(3)[0])).isEqualTo(0.15f);
        assertThat(Float.intBitsToFloat(p.array(3)[1])).isEqualTo(2f);
        assertThat(p.string(4)).isEqualTo("name");
        assertThat(p.string(5)).isEqualTo("q");
        assertThat(p.getInt(4, 7)).as("a string slot read as an int is 0 in NCNN").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty file|                                              |does not start with the NCNN magic",
        "old magic|7767516\\n1 1\\nInput in 0 1 in                 |does not start with the NCNN magic",
        "counts missing|7767517\\n                                |counts are missing",
        "huge layer count|7767517\\n2147483647 1\\nInput in 0 1 in |layer count 2147483647 is outside",
        "huge blob count|7767517\\n1 99999999\\nInput in 0 1 in    |blob count 99999999 is outside",
        "zero blobs|7767517\\n1 0\\nInput in 0 1 in               |blob count 0 is outside",
        "more blobs than declared|7767517\\n2 1\\nInput in 0 1 in\\nReLU r 1 1 in out|uses more blobs than the 1",
        "truncated|7767517\\n3 3\\nInput in 0 1 in\\nReLU r 1 1 in out|declares 3 layers but has 2",
        "extra layer|7767517\\n1 2\\nInput in 0 1 in\\nReLU r 1 1 in out|more layer lines than the 1",
        "negative bottom count|7767517\\n2 2\\nInput in 0 1 in\\nReLU r -1 1 in out|bottom count of r -1",
        "huge top count|7767517\\n1 1\\nInput in 0 99999 in       |top count of in 99999 is outside",
        "missing blob names|7767517\\n2 2\\nInput in 0 1 in\\nConcat c 3 1 in out|declares 3 bottoms and 1 tops",
        "unknown bottom|7767517\\n2 2\\nInput in 0 1 in\\nReLU r 1 1 nope out|which no earlier layer produces",
        "duplicate top|7767517\\n2 2\\nInput in 0 1 in\\nReLU r 1 1 in in|already writes",
        "no bottom|7767517\\n2 2\\nInput in 0 1 in\\nReLU r 0 1 out|needs at least one bottom",
        "no top|7767517\\n2 1\\nInput in 0 1 in\\nReLU r 1 0 in|needs at least one bottom and one top",
        "key out of range|7767517\\n1 1\\nInput in 0 1 in 32=1     |outside 0..31",
        "array key out of range|7767517\\n1 1\\nInput in 0 1 in -23332=1,1|outside 0..31",
        "duplicate key|7767517\\n1 1\\nInput in 0 1 in 0=1 0=2     |given twice",
        "not key=value|7767517\\n1 1\\nInput in 0 1 in junk        |is not a key=value parameter",
        "empty value|7767517\\n1 1\\nInput in 0 1 in 0=           |has no value",
        "value too long|7767517\\n1 1\\nInput in 0 1 in 0=1.00000000000001|longer than the 15 characters",
        "int overflow|7767517\\n1 1\\nInput in 0 1 in 0=4294967296 |does not fit a 32-bit int",
        "float overflow|7767517\\n2 2\\nInput in 0 1 in\\nClip c 1 1 in o 0=1e39|overflows a float",
        "not a number|7767517\\n1 1\\nInput in 0 1 in 0=-x         |is not an integer",
        "empty element|7767517\\n1 1\\nInput in 0 1 in 0=1,,2      |empty array element",
        "old array too long|7767517\\n1 1\\nInput in 0 1 in -23300=2000000000,1|array length 2000000000 is outside",
        "old array negative|7767517\\n1 1\\nInput in 0 1 in -23300=-5,1|array length -5 is outside",
        "old array short|7767517\\n1 1\\nInput in 0 1 in -23300=3,1,2|declares 3 array elements but lists 2",
        "old array mixed|7767517\\n1 1\\nInput in 0 1 in -23300=2,1,0.5|mixes ints and floats",
        "int array with float|7767517\\n1 1\\nInput in 0 1 in 0=1,0.5|is not an integer",
        "two tops|7767517\\n2 3\\nInput in 0 1 in\\nReLU r 1 2 in a b|writes one top",
        "noop tops|7767517\\n2 3\\nInput in 0 1 in\\nNoop n 1 2 in a b|one top per bottom",
        "reshape without shape|7767517\\n2 2\\nInput in 0 1 in\\nReshape r 1 1 in o|needs a target shape",
        "reshape float size|7767517\\n2 2\\nInput in 0 1 in\\nReshape r 1 1 in o 0=0.5|must be an integer",
        "tab|7767517\\n1 1\\nInput\\tin 0 1 in                      |tab",
        "name too long|7767517\\n1 1\\nInput aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0 1 in|longer than the 255 bytes",
        "bad type name|7767517\\n1 1\\n9Input in 0 1 in           |is not a layer type name",
        "input with bottom|7767517\\n2 2\\nInput in 0 1 in\\nInput i2 1 1 in o|takes no bottom",
        "input negative size|7767517\\n1 1\\nInput in 0 1 in 0=-3  |parameter 0 = -3 is outside",
        "shape hint uneven|7767517\\n2 3\\nInput in 0 1 in\\nSplit s 1 2 in a b 30=1,2,3|same number of entries for each of its 2 tops",
        "shape hint bad dims|7767517\\n1 1\\nInput in 0 1 in 30=7,1,1,1|has 7 dims",
        "shape hint short|7767517\\n1 1\\nInput in 0 1 in -23330=2,3,1|has 3 dims in 2 entries",
        "conv zero outputs|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=0 1=3 6=27|parameter 0 = 0",
        "conv zero stride|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=1 1=3 3=0 6=27|parameter 3 = 0",
        "conv weights misfit|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=8 1=3 6=100|is not a multiple of num_output x kernel",
        "conv mixed pads|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=1 1=3 4=2 14=-234 6=27|must all be 0 or more",
        "conv float param|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=1.5 1=3 6=27|must be an integer",
        "activation params|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=1 1=3 6=27 9=3|needs 2 activation_params",
        "depthwise group|7767517\\n2 2\\nInput in 0 1 in\\nConvolutionDepthWise c 1 1 in o 0=8 1=3 6=72 7=3|is not a multiple of group",
        "dynamic weight|7767517\\n2 2\\nInput in 0 1 in\\nConvolution c 1 1 in o 0=8 1=3 19=1|needs the weight",
        "innerproduct weights|7767517\\n2 2\\nInput in 0 1 in\\nInnerProduct f 1 1 in o 0=3 2=10|is not a multiple of num_output",
        "pooling kernel|7767517\\n2 2\\nInput in 0 1 in\\nPooling p 1 1 in o 0=0 1=0|parameter 1 = 0",
        "pooling negative pad|7767517\\n2 2\\nInput in 0 1 in\\nPooling p 1 1 in o 1=2 3=-1|parameter 3 = -1",
        "interp type|7767517\\n2 2\\nInput in 0 1 in\\nInterp i 1 1 in o 0=9|parameter 0 = 9",
        "interp scale|7767517\\n2 2\\nInput in 0 1 in\\nInterp i 1 1 in o 0=1 1=-2.0|scale (1) -2.0",
        "binaryop one bottom|7767517\\n2 2\\nInput in 0 1 in\\nBinaryOp b 1 1 in o 0=0|needs two bottoms",
        "binaryop op|7767517\\n2 2\\nInput in 0 1 in\\nBinaryOp b 1 1 in o 0=40 1=1|parameter 0 = 40",
        "eltwise one bottom|7767517\\n2 2\\nInput in 0 1 in\\nEltwise e 1 1 in o 0=1|needs at least two bottoms",
        "matmul one bottom|7767517\\n2 2\\nInput in 0 1 in\\nMatMul m 1 1 in o|needs two bottoms",
        "slice without sizes|7767517\\n2 3\\nInput in 0 1 in\\nSlice s 1 2 in a b 1=0|needs a slices array",
        "concat axis|7767517\\n2 2\\nInput in 0 1 in\\nConcat c 1 1 in o 0=7|parameter 0 = 7",
        "crop without reference|7767517\\n2 2\\nInput in 0 1 in\\nCrop c 1 1 in o|needs a reference bottom",
        "expression bottom|7767517\\n2 2\\nInput in 0 1 in\\nReshape r 1 1 in o 6=\"1w,2h\"|refers to bottom 2",
        "batchnorm channels|7767517\\n2 2\\nInput in 0 1 in\\nBatchNorm b 1 1 in o 0=0|parameter 0 = 0",
        "groupnorm|7767517\\n2 2\\nInput in 0 1 in\\nGroupNorm g 1 1 in o 0=3 1=8|is not a multiple of group",
        "lstm weights|7767517\\n2 2\\nInput in 0 1 in\\nLSTM l 1 1 in o 0=4 1=30|is not a multiple",
        "attention heads|7767517\\n2 2\\nInput in 0 1 in\\nMultiHeadAttention a 1 1 in o 0=10 1=3 2=100|is not a multiple of num_heads",
    })
    void rejects(String what, String text, String message) {
        String param = (text == null ? "" : text).strip().replace("\\n", "\n").replace("\\t", "\t") + "\n";
        assertThatThrownBy(() -> parse(param)).as(what).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void acceptsWindowsLineEndingsButNotALoneCarriageReturn() throws Exception {
        assertThat(parse(TINY.replace("\n", "\r\n")).layers).hasSize(3);
        assertThatThrownBy(() -> parse(TINY.replace("InnerProduct fc", "InnerProduct f\rc")))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("carriage return");
    }

    @Test
    void rejectsBinaryAndControlBytes() {
        byte[] nul = (HEAD + "1 1\nInput in 0 1 in\0\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ParamParser.parse(nul, "x.param")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("control byte 0x0");
    }

    static NcnnGraph parse(String text) throws InvalidModelException {
        return ParamParser.parse(text.getBytes(StandardCharsets.UTF_8), "test.param");
    }
}
