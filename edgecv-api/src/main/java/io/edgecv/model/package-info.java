/**
 * What a model is and how to run it: its {@link io.edgecv.model.ModelSignature} (tensors, source), its
 * {@link io.edgecv.model.ModelDescription} (family, preprocessing, labels, thresholds, NMS), the
 * {@link io.edgecv.model.ModelFamily} plug-in that recognises and decodes it (built-in and third-party families
 * are all listed in {@code META-INF/services/io.edgecv.model.ModelFamily} and found by
 * {@link io.edgecv.model.ModelFamilies}), description files written beside a model and label files.
 */
package io.edgecv.model;
