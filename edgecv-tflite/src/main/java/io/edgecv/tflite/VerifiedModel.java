package io.edgecv.tflite;

import java.util.List;
import java.util.Map;

/**
 * What {@link TfLiteModelVerifier} learnt about a model it accepted: the operators it uses and where the
 * constant data lies in the file.
 *
 * <p>Thread-safety: immutable.
 */
final class VerifiedModel {
    private final int subgraphs;
    private final List<String> operators;
    private final long[] dataRanges;
    private final Map<String, Integer> metadataBuffers;
    private final String description;

    VerifiedModel(int subgraphs, List<String> operators, long[] dataRanges, Map<String, Integer> metadataBuffers,
                  String description) {
        this.subgraphs = subgraphs;
        this.operators = List.copyOf(operators);
        this.dataRanges = dataRanges.clone();
        this.metadataBuffers = Map.copyOf(metadataBuffers);
        this.description = description;
    }

    /** @return number of subgraphs */
    int subgraphs() {
        return subgraphs;
    }

    /** @return the distinct operators used, as {@code CONV_2D} or {@code CUSTOM:name}, in first-use order */
    List<String> operators() {
        return operators;
    }

    /**
     * @return pairs (start, end) of the byte ranges of the file that hold constant buffer data, sorted by start;
     *         everything else is flatbuffer structure
     */
    long[] dataRanges() {
        return dataRanges.clone();
    }

    /** @return model metadata entries (name to buffer index) */
    Map<String, Integer> metadataBuffers() {
        return metadataBuffers;
    }

    /** @return the model's description string, or empty */
    String description() {
        return description == null ? "" : description;
    }
}
