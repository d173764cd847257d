/**
 * SSD heads as the TensorFlow Object Detection API exports them (box encodings against generated anchors and
 * per-class scores): the {@link io.edgecv.decode.ssd.SsdFamily} that recognises and describes them and the
 * {@link io.edgecv.decode.ssd.SsdDecoder}.
 */
package io.edgecv.decode.ssd;
