/**
 * Training ONNX models in Java: an ONNX graph run forward and backward on libtorch through DJL's PyTorch engine
 * ({@link io.edgecv.train.OnnxTrainingGraph}), with the trained weights written back as an ONNX file.
 */
package io.edgecv.train;
