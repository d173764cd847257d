/**
 * For backend implementers: a {@link io.edgecv.spi.BackendProvider} listed in
 * {@code META-INF/services/io.edgecv.spi.BackendProvider} reports its {@link io.edgecv.spi.Availability} and opens
 * {@link io.edgecv.spi.BackendSession}s on a {@link io.edgecv.spi.ModelSource}; {@link io.edgecv.spi.Backends}
 * chooses one. Tensors are described by {@link io.edgecv.spi.TensorSpec} and read through
 * {@link io.edgecv.spi.OutputTensors}, with FP16 and integer outputs widened to float.
 */
package io.edgecv.spi;
