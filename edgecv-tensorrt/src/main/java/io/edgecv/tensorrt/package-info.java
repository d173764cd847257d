/**
 * The TensorRT backend (JavaCPP presets {@code org.bytedeco:tensorrt} and {@code cuda}), registered as an
 * {@link io.edgecv.spi.BackendProvider} named {@code tensorrt}: builds engines from ONNX models, caches them per
 * GPU and TensorRT version, and runs them. Reports itself unavailable without an NVIDIA driver and GPU.
 */
package io.edgecv.tensorrt;
