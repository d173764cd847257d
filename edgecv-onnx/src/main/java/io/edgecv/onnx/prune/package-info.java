/**
 * The ONNX pruner ({@link io.edgecv.onnx.prune.OnnxPruner}): channel dependency analysis on the ONNX graph,
 * importance ranking, graph rewriting, ridge least-squares refits on calibration activations, and weight sparsity.
 * Built on the quantizer's graph tooling ({@link io.edgecv.onnx.quantize.OnnxGraphTools}).
 */
package io.edgecv.onnx.prune;
