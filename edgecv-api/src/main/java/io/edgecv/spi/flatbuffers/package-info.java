/**
 * Internal to EdgeCV's modules, not part of its API (it may change in any release): a bounds-checked FlatBuffers
 * reader, {@link io.edgecv.spi.flatbuffers.FlatBufferReader}, shared by the TFLite backend's verifier and the
 * TFLite-to-ONNX converter so that both read untrusted {@code .tflite} files through one implementation of the
 * format's bounds and alignment rules. It lives here because sibling modules may not depend on each other.
 */
package io.edgecv.spi.flatbuffers;
