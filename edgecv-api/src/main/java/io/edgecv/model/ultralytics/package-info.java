/**
 * Reading the metadata Ultralytics writes into its exports (ONNX {@code metadata_props}, a {@code metadata.yaml}
 * beside TFLite or NCNN exports): task, class names, input size, end-to-end and NMS flags. The YAML and Python
 * literals are parsed by a small reader of the subset Ultralytics writes, so edgecv-api keeps no dependency but
 * SLF4J (see the edgecv-api README).
 */
package io.edgecv.model.ultralytics;
