package io.edgecv.decode;

import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.spi.OutputTensors;

/**
 * Turns a model's raw output tensors into detection candidates in model input pixels. One implementation per
 * model family ({@code ssd}, {@code blazeface}, {@code yolo...}); each is bound to the output indices and input
 * size of one model when it is created.
 *
 * <p>Write your own for a model EdgeCV does not know and pass it to
 * {@link io.edgecv.DetectorBuilder#optDecoder}.
 *
 * <p>Thread-safety: implementations need not be thread-safe; a detector calls its decoder under its lock.
 */
public interface Decoder {
    /**
     * Appends every candidate whose score is above {@code scoreThreshold} to {@code out}: the threshold is exclusive,
     * as Ultralytics' {@code conf > conf_thres}, so a sigmoid of exactly 0 (the signature of a score head quantized
     * to zero) never passes 0.5. Must not allocate at steady state; {@code out} has been cleared with
     * {@link #keypointCount()} keypoints.
     *
     * @param outputs the raw outputs of one inference
     * @param scoreThreshold scores above it are kept, in [0, 1]
     * @param out where candidates go, boxes in model input pixels
     */
    void decode(OutputTensors outputs, float scoreThreshold, Candidates out);

    /** @return keypoints each candidate carries (6 for BlazeFace), 0 for boxes only */
    default int keypointCount() {
        return 0;
    }

    /** @return how overlapping candidates of this family are merged by default */
    default NmsKind defaultNms() {
        return NmsKind.HARD_CLASS_AWARE;
    }
}
