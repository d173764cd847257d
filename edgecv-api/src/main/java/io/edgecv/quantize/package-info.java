/**
 * Post-training quantization: turn a float32 model into a smaller, faster INT8 or FP16 one, calibrated on photos
 * fed through the model's own preprocessing, and check what it costs in detections.
 *
 * <ul>
 *   <li>{@link io.edgecv.quantize.Quantizers} finds a {@link io.edgecv.quantize.Quantizer} for a model
 *       (edgecv-onnx provides one for ONNX models, with {@code org.tribuo:tribuo-util-onnx} on the class path).</li>
 *   <li>{@link io.edgecv.quantize.QuantizationConfig} says what to do: static INT8 (QDQ), dynamic INT8 or FP16,
 *       activation type, per-channel weights, calibration method, what to leave alone.</li>
 *   <li>{@link io.edgecv.quantize.QuantizationReport} says what was done: every node converted or left (and
 *       why), file sizes, calibrated ranges, time.</li>
 *   <li>{@link io.edgecv.quantize.ModelComparison} runs the float32 and quantized models over photos and reports
 *       sizes, latency and {@link io.edgecv.quantize.DetectionAgreement} (mAP@0.5 against the float32
 *       detections, mean IoU of matched boxes).</li>
 * </ul>
 */
package io.edgecv.quantize;
