/**
 * Structured channel pruning and weight sparsity of a float32 detector without a training loop: filters are
 * removed along dependency groups (convolutions coupled by depthwise convolutions, residual adds, concats and
 * splits), ranked by weight norms, BatchNorm scales or calibration activations, and the next layers are refitted by
 * ridge least squares on calibration photos so that their outputs match the unpruned model's.
 *
 * <ul>
 *   <li>{@link io.edgecv.prune.Pruners} finds a {@link io.edgecv.prune.Pruner} for a model (edgecv-onnx provides
 *       one for ONNX models, with {@code org.tribuo:tribuo-util-onnx} and {@code org.ejml:ejml-simple} on the
 *       class path).</li>
 *   <li>{@link io.edgecv.prune.PruningConfig} says what to do: mode, ratio, importance, rounding, recovery,
 *       calibration and evaluation photos.</li>
 *   <li>{@link io.edgecv.prune.PruningReport} says what was done: every group with its channels before and after
 *       and its reconstruction error, what was left whole and why, parameters, MACs, file sizes, zeros, and the
 *       detection agreement with the unpruned model on the evaluation photos.</li>
 * </ul>
 */
package io.edgecv.prune;
