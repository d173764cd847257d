/**
 * The ONNX Runtime backend ({@code com.microsoft.onnxruntime:onnxruntime}): CPU, CUDA and TensorRT execution
 * providers, registered as an {@link io.edgecv.spi.BackendProvider} named {@code onnx}. Add this module to the
 * class path and {@link io.edgecv.Detector#builder()} opens {@code .onnx} models.
 */
package io.edgecv.onnx;
