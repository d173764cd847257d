/**
 * From an image to the input tensor: {@link io.edgecv.preprocess.Preprocessing} (size, {@link
 * io.edgecv.preprocess.ResizeMode}, padding, {@link io.edgecv.preprocess.ChannelOrder}, normalisation,
 * {@link io.edgecv.preprocess.TensorLayout}), the {@link io.edgecv.preprocess.Preprocessor} that applies it
 * without allocating per frame, and the {@link io.edgecv.preprocess.ImageTransform} that maps boxes back to the
 * original image.
 */
package io.edgecv.preprocess;
