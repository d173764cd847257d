/**
 * The TensorFlow Lite backend (JavaCPP presets {@code org.bytedeco:tensorflow-lite}), registered as an
 * {@link io.edgecv.spi.BackendProvider} named {@code tflite}: opens {@code .tflite} models, checks them against
 * the FlatBuffer schema before the native interpreter sees them, and runs them with XNNPACK or the reference
 * kernels.
 */
package io.edgecv.tflite;
