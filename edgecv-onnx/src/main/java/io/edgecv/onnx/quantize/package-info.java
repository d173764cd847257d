/**
 * The ONNX implementation of {@link io.edgecv.quantize.Quantizer}: {@link io.edgecv.onnx.quantize.OnnxQuantizer}.
 * Everything else here is internal: graph preparation through ONNX Runtime's basic level, tensor type inference,
 * calibration (MinMax, Percentile, Entropy), the QDQ, dynamic and FP16 rewrites, and a Java subset of ONNX's model
 * checker run on every model written. Reads and writes ONNX with the protobuf classes of
 * {@code org.tribuo:tribuo-util-onnx} (an optional dependency).
 */
package io.edgecv.onnx.quantize;
