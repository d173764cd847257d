/**
 * Turning a model's raw output tensors into detection candidates: the {@link io.edgecv.decode.Decoder} contract
 * (implement it to support a head EdgeCV does not know), and what decoders share ({@link io.edgecv.decode.Anchors},
 * {@link io.edgecv.decode.Activation}). One sub-package per built-in family: {@code ssd}, {@code blazeface},
 * {@code yolo}.
 */
package io.edgecv.decode;
