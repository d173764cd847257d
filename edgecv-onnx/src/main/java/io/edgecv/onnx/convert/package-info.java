/**
 * TensorFlow Lite to ONNX conversion in pure Java: {@link io.edgecv.onnx.convert.TfLiteToOnnx}. The TFLite
 * flatbuffer is read with a bounds-checked reader (a corrupt file gives
 * {@link io.edgecv.onnx.convert.TfLiteFormatException}), operators are mapped one by one (unsupported ones are all
 * named at once in {@link io.edgecv.onnx.convert.UnsupportedModelException}), and ONNX is written with the protobuf
 * classes of {@code org.tribuo:tribuo-util-onnx} (an optional dependency of edgecv-onnx).
 */
package io.edgecv.onnx.convert;
