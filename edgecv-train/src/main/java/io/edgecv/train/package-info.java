/**
 * Training ONNX models in Java: an ONNX graph run forward and backward on libtorch through DJL's PyTorch engine
 * ({@link io.edgecv.train.OnnxTrainingGraph}), with the trained weights written back as an ONNX file; and on it,
 * knowledge distillation and fine-tuning of detectors ({@link io.edgecv.train.Distiller}: a teacher on any EdgeCV
 * backend, an ONNX student, {@link io.edgecv.train.DistillationLoss}, {@link io.edgecv.train.StudentOptimizer},
 * {@link io.edgecv.train.TrainingListener},
 * {@link io.edgecv.train.TrainingReport}).
 */
package io.edgecv.train;
