/**
 * The NCNN backend (through JNA on the system {@code libncnn}), registered as an {@link io.edgecv.spi.BackendProvider}
 * named {@code ncnn}: opens {@code .param} + {@code .bin} model pairs, validated layer by layer before NCNN loads
 * them. Reports itself unavailable, with what to install, when {@code libncnn} is missing.
 */
package io.edgecv.ncnn;
