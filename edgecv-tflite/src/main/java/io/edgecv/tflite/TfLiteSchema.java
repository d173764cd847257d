package io.edgecv.tflite;

/**
 * Facts from the TensorFlow Lite flatbuffer schema ({@code tensorflow/lite/schema/schema.fbs}, file identifier
 * {@code TFL3}, schema version 3) that the verifier needs: tensor types and their sizes, builtin operator names,
 * and the field layout of every builtin options table.
 *
 * <p>Thread-safety: immutable constants.
 */
final class TfLiteSchema {
    private TfLiteSchema() {
    }

    /** The only schema version TensorFlow Lite runs. */
    static final long SCHEMA_VERSION = 3;

    /** Tensor type codes. */
    static final int FLOAT32 = 0;
    static final int FLOAT16 = 1;
    static final int INT32 = 2;
    static final int UINT8 = 3;
    static final int INT64 = 4;
    static final int STRING = 5;
    static final int INT16 = 7;
    static final int INT8 = 9;
    static final int RESOURCE = 13;
    static final int VARIANT = 14;
    static final int INT4 = 17;

    private static final String[] TYPE_NAMES = {"FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL",
        "INT16", "COMPLEX64", "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16",
        "INT4", "BFLOAT16"};
    /** Bytes per element; 0 where elements have no fixed size (STRING, RESOURCE, VARIANT); INT4 counts 1. */
    private static final int[] TYPE_BYTES = {4, 2, 4, 1, 8, 0, 1, 2, 8, 1, 8, 16, 8, 0, 0, 4, 2, 1, 2};

    /** @return whether {@code type} is a tensor type of this schema */
    static boolean isTensorType(int type) {
        return type >= 0 && type < TYPE_NAMES.length;
    }

    static String typeName(int type) {
        return isTensorType(type) ? TYPE_NAMES[type] : "type " + type;
    }

    /** @return bytes per element, 0 for types without a fixed size */
    static int typeBytes(int type) {
        return TYPE_BYTES[type];
    }

    /** Builtin operator codes the verifier treats specially. */
    static final int AVERAGE_POOL_2D = 1;
    static final int CONV_2D = 3;
    static final int DEPTHWISE_CONV_2D = 4;
    static final int FULLY_CONNECTED = 9;
    static final int L2_POOL_2D = 12;
    static final int LSTM = 16;
    static final int MAX_POOL_2D = 17;
    static final int SVDF = 27;
    static final int CUSTOM = 32;
    static final int UNIDIRECTIONAL_SEQUENCE_RNN = 35;
    static final int UNIDIRECTIONAL_SEQUENCE_LSTM = 44;
    static final int BIDIRECTIONAL_SEQUENCE_RNN = 46;
    static final int BIDIRECTIONAL_SEQUENCE_LSTM = 52;
    static final int TRANSPOSE_CONV = 67;
    static final int CONV_3D = 132;
    static final int CONV_3D_TRANSPOSE = 141;

    private static final String[] OPS = (
        "ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE EMBEDDING_LOOKUP FLOOR "
        + "FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D LOCAL_RESPONSE_NORMALIZATION LOGISTIC "
        + "LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX "
        + "SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD "
        + "UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE "
        + "UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX "
        + "DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER "
        + "GREATER_EQUAL LESS_EQUAL SELECT SLICE SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL "
        + "NOT_EQUAL LOG SUM SQRT RSQRT SHAPE POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR "
        + "ONE_HOT LOGICAL_AND LOGICAL_NOT UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL "
        + "FLOOR_MOD RANGE RESIZE_NEAREST_NEIGHBOR LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE "
        + "CEIL REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE "
        + "MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 SCATTER_ND "
        + "SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM CALL_ONCE "
        + "BROADCAST_TO RFFT2D CONV_3D IMAG REAL COMPLEX_ABS HASHTABLE HASHTABLE_FIND HASHTABLE_IMPORT "
        + "HASHTABLE_SIZE REDUCE_ALL CONV_3D_TRANSPOSE VAR_HANDLE READ_VARIABLE ASSIGN_VARIABLE BROADCAST_ARGS "
        + "RANDOM_STANDARD_NORMAL BUCKETIZE RANDOM_UNIFORM MULTINOMIAL GELU DYNAMIC_UPDATE_SLICE RELU_0_TO_1 "
        + "UNSORTED_SEGMENT_PROD UNSORTED_SEGMENT_MAX UNSORTED_SEGMENT_SUM ATAN2 UNSORTED_SEGMENT_MIN SIGN "
        + "BITCAST BITWISE_XOR RIGHT_SHIFT STABLEHLO_LOGISTIC STABLEHLO_ADD STABLEHLO_DIVIDE STABLEHLO_MULTIPLY "
        + "STABLEHLO_MAXIMUM STABLEHLO_RESHAPE STABLEHLO_CLAMP STABLEHLO_CONCATENATE STABLEHLO_BROADCAST_IN_DIM "
        + "STABLEHLO_CONVOLUTION STABLEHLO_SLICE STABLEHLO_CUSTOM_CALL STABLEHLO_REDUCE STABLEHLO_ABS "
        + "STABLEHLO_AND STABLEHLO_COSINE STABLEHLO_EXPONENTIAL STABLEHLO_FLOOR STABLEHLO_LOG STABLEHLO_MINIMUM "
        + "STABLEHLO_NEGATE STABLEHLO_OR STABLEHLO_POWER STABLEHLO_REMAINDER STABLEHLO_RSQRT STABLEHLO_SELECT "
        + "STABLEHLO_SUBTRACT STABLEHLO_TANH STABLEHLO_SCATTER STABLEHLO_COMPARE STABLEHLO_CONVERT "
        + "STABLEHLO_DYNAMIC_SLICE STABLEHLO_DYNAMIC_UPDATE_SLICE STABLEHLO_PAD STABLEHLO_IOTA "
        + "STABLEHLO_DOT_GENERAL STABLEHLO_REDUCE_WINDOW STABLEHLO_SORT STABLEHLO_WHILE STABLEHLO_GATHER "
        + "STABLEHLO_TRANSPOSE DILATE STABLEHLO_RNG_BIT_GENERATOR REDUCE_WINDOW STABLEHLO_COMPOSITE COMPLEX")
        .split(" ");

    /** @return the highest builtin operator code of the schema */
    static int maxBuiltinCode() {
        return OPS.length - 1;
    }

    /** @return the operator's name, such as {@code CONV_2D} */
    static String opName(int code) {
        return code >= 0 && code < OPS.length ? OPS[code] : "operator " + code;
    }

    /*
     * Field layouts of the options tables, one character per vtable slot, in declaration order:
     * b = 1-byte scalar, i = 4-byte scalar, l = 8-byte scalar, S = string, B = vector of bytes,
     * I = vector of 4-byte scalars, L = vector of 8-byte scalars.
     */

    /** Layouts of the {@code BuiltinOptions} union members; index = union type code (0 = NONE). */
    static final String[] OPTIONS = {
        null,
        "biibiib",   // 1 Conv2DOptions
        "biiibii",   // 2 DepthwiseConv2DOptions
        "iII",       // 3 ConcatEmbeddingsOptions
        "b",         // 4 LSHProjectionOptions
        "biiiib",    // 5 Pool2DOptions
        "ibb",       // 6 SVDFOptions
        "bb",        // 7 RNNOptions
        "bbbbb",     // 8 FullyConnectedOptions
        "i",         // 9 SoftmaxOptions
        "ib",        // 10 ConcatenationOptions
        "bb",        // 11 AddOptions
        "b",         // 12 L2NormOptions
        "iiii",      // 13 LocalResponseNormalizationOptions
        "biibb",     // 14 LSTMOptions
        "iibb",      // 15 ResizeBilinearOptions
        "i",         // 16 CallOptions
        "I",         // 17 ReshapeOptions
        "iib",       // 18 SkipGramOptions
        "i",         // 19 SpaceToDepthOptions
        "b",         // 20 EmbeddingLookupSparseOptions
        "b",         // 21 MulOptions
        "",          // 22 PadOptions
        "ii",        // 23 GatherOptions
        "",          // 24 BatchToSpaceNDOptions
        "",          // 25 SpaceToBatchNDOptions
        "",          // 26 TransposeOptions
        "b",         // 27 ReducerOptions
        "bb",        // 28 SubOptions
        "b",         // 29 DivOptions
        "I",         // 30 SqueezeOptions
        "bbb",       // 31 SequenceRNNOptions
        "iiiiib",    // 32 StridedSliceOptions
        "",          // 33 ExpOptions
        "",          // 34 TopKV2Options
        "i",         // 35 SplitOptions
        "",          // 36 LogSoftmaxOptions
        "bb",        // 37 CastOptions
        "",          // 38 DequantizeOptions
        "",          // 39 MaximumMinimumOptions
        "b",         // 40 ArgMaxOptions
        "",          // 41 LessOptions
        "",          // 42 NegOptions
        "",          // 43 PadV2Options
        "",          // 44 GreaterOptions
        "",          // 45 GreaterEqualOptions
        "",          // 46 LessEqualOptions
        "",          // 47 SelectOptions
        "",          // 48 SliceOptions
        "biibb",     // 49 TransposeConvOptions
        "b",         // 50 SparseToDenseOptions
        "",          // 51 TileOptions
        "",          // 52 ExpandDimsOptions
        "",          // 53 EqualOptions
        "",          // 54 NotEqualOptions
        "b",         // 55 ShapeOptions
        "",          // 56 PowOptions
        "b",         // 57 ArgMinOptions
        "iiib",      // 58 FakeQuantOptions
        "ii",        // 59 PackOptions
        "",          // 60 LogicalOrOptions
        "i",         // 61 OneHotOptions
        "",          // 62 LogicalAndOptions
        "",          // 63 LogicalNotOptions
        "ii",        // 64 UnpackOptions
        "",          // 65 FloorDivOptions
        "",          // 66 SquareOptions
        "",          // 67 ZerosLikeOptions
        "",          // 68 FillOptions
        "biibbb",    // 69 BidirectionalSequenceLSTMOptions
        "bbbb",      // 70 BidirectionalSequenceRNNOptions
        "biibbb",    // 71 UnidirectionalSequenceLSTMOptions
        "",          // 72 FloorModOptions
        "",          // 73 RangeOptions
        "bb",        // 74 ResizeNearestNeighborOptions
        "i",         // 75 LeakyReluOptions
        "",          // 76 SquaredDifferenceOptions
        "b",         // 77 MirrorPadOptions
        "",          // 78 AbsOptions
        "i",         // 79 SplitVOptions
        "b",         // 80 UniqueOptions
        "",          // 81 ReverseV2Options
        "",          // 82 AddNOptions
        "",          // 83 GatherNdOptions
        "",          // 84 CosOptions
        "",          // 85 WhereOptions
        "",          // 86 RankOptions
        "ii",        // 87 ReverseSequenceOptions
        "",          // 88 MatrixDiagOptions
        "",          // 89 QuantizeOptions
        "",          // 90 MatrixSetDiagOptions
        "",          // 91 HardSwishOptions
        "ii",        // 92 IfOptions
        "ii",        // 93 WhileOptions
        "i",         // 94 DepthToSpaceOptions
        "",          // 95 NonMaxSuppressionV4Options
        "",          // 96 NonMaxSuppressionV5Options
        "",          // 97 ScatterNdOptions
        "",          // 98 SelectV2Options
        "",          // 99 DensifyOptions
        "",          // 100 SegmentSumOptions
        "bbb",       // 101 BatchMatMulOptions
        "bb",        // 102 CumsumOptions
        "i",         // 103 CallOnceOptions
        "",          // 104 BroadcastToOptions
        "",          // 105 Rfft2dOptions
        "biiibiii",  // 106 Conv3DOptions
        "ibb",       // 107 HashtableOptions
        "",          // 108 HashtableFindOptions
        "",          // 109 HashtableImportOptions
        "",          // 110 HashtableSizeOptions
        "SS",        // 111 VarHandleOptions
        "",          // 112 ReadVariableOptions
        "",          // 113 AssignVariableOptions
        "ll",        // 114 RandomOptions
        "I",         // 115 BucketizeOptions
        "b",         // 116 GeluOptions
        "",          // 117 DynamicUpdateSliceOptions
        "",          // 118 UnsortedSegmentProdOptions
        "",          // 119 UnsortedSegmentMaxOptions
        "",          // 120 UnsortedSegmentMinOptions
        "",          // 121 UnsortedSegmentSumOptions
        "",          // 122 ATan2Options
        "",          // 123 SignOptions
        "",          // 124 BitcastOptions
        "",          // 125 BitwiseXorOptions
        "",          // 126 RightShiftOptions
    };

    /** Layouts of the {@code BuiltinOptions2} union members; index = union type code (0 = NONE). */
    static final String[] OPTIONS_2 = {
        null,
        "l",                  // 1 StablehloConcatenateOptions
        "L",                  // 2 StablehloBroadcastInDimOptions
        "LLL",                // 3 StablehloSliceOptions
        "LLLLBllLllLllLllI",  // 4 StablehloConvolutionOptions
        "SbSiIB",             // 5 StablehloCustomCallOptions
        "Li",                 // 6 StablehloReduceOptions
        "bLLLlbi",            // 7 StablehloScatterOptions
        "ii",                 // 8 StablehloCompareOptions
        "L",                  // 9 StablehloDynamicSliceOptions
        "LLL",                // 10 StablehloPadOptions
        "l",                  // 11 StablehloIotaOptions
        "LLLLI",              // 12 StablehloDotGeneralOptions
        "LLLLLi",             // 13 StablehloReduceWindowOptions
        "lbi",                // 14 StablehloSortOptions
        "ii",                 // 15 StablehloWhileOptions
        "LLLlLb",             // 16 StablehloGatherOptions
        "L",                  // 17 StablehloTransposeOptions
        "",                   // 18 DilateOptions
        "b",                  // 19 StablehloRngBitGeneratorOptions
        "i",                  // 20 ReduceWindowOptions
        "SiBbi",              // 21 StableHLOCompositeOptions
    };
}
