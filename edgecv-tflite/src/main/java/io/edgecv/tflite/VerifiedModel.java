package io.edgecv.tflite;

import java.util.List;
import java.util.Map;

/**
 * What {@link TfLiteModelVerifier} learnt about a model it accepted: the operators it uses, where the constant
 * data lies in the file, its metadata entries, and the declared shapes of the main subgraph's tensors.
 *
 * <p>Thread-safety: immutable.
 */
final class VerifiedModel {
    private final List<String> operators;
    private final long[] dataRanges;
    private final Map<String, Integer> metadataBuffers;
    private final String description;
    private final long[] bufferStart;
    private final long[] bufferSize;
    private final long[][] shapes;
    private final boolean[] dynamic;

    VerifiedModel(List<String> operators, long[] dataRanges, Map<String, Integer> metadataBuffers,
                  String description, long[] bufferStart, long[] bufferSize, long[][] shapes, boolean[] dynamic) {
        this.shapes = shapes;
        this.dynamic = dynamic;
        this.bufferStart = bufferStart.clone();
        this.bufferSize = bufferSize.clone();
        this.operators = List.copyOf(operators);
        this.dataRanges = dataRanges.clone();
        this.metadataBuffers = Map.copyOf(metadataBuffers);
        this.description = description;
    }

    /** @return number of tensors of the main subgraph */
    int tensorCount() {
        return shapes.length;
    }

    /** @return the declared shape of tensor {@code t} of the main subgraph; do not modify */
    long[] shape(int t) {
        return shapes[t];
    }

    /** @return whether tensor {@code t} of the main subgraph has a dynamic dimension in its signature */
    boolean dynamic(int t) {
        return dynamic[t];
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

    /**
     * @param file the verified file
     * @param buffer a buffer index
     * @return the buffer's bytes as text if it is short (at most 256 bytes) printable ASCII, else null
     */
    String bufferText(byte[] file, int buffer) {
        long size = bufferSize[buffer];
        if (size == 0 || size > 256) {
            return null;
        }
        int start = (int) bufferStart[buffer];
        int end = start + (int) size;
        while (end > start && file[end - 1] == 0) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (file[i] < 0x20 || file[i] > 0x7E) {
                return null;
            }
        }
        return new String(file, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return the model's description string, or empty */
    String description() {
        return description == null ? "" : description;
    }
}
