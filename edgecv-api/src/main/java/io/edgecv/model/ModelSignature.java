package io.edgecv.model;

import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What can be known about an opened model without running it: its source (with the files beside it), its input
 * and output tensors, and the metadata it carries. Model families recognise models from it.
 *
 * <p>Thread-safety: immutable.
 */
public final class ModelSignature {
    private final ModelSource source;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, String> metadata;

    /**
     * @param source the model
     * @param inputs its inputs
     * @param outputs its outputs
     * @param metadata its metadata (ONNX {@code metadata_props}, {@code metadata.yaml}), possibly empty
     */
    public ModelSignature(ModelSource source, List<TensorSpec> inputs, List<TensorSpec> outputs,
                          Map<String, String> metadata) {
        this.source = Objects.requireNonNull(source, "source");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.metadata = Map.copyOf(metadata);
    }

    /** @return the model */
    public ModelSource source() {
        return source;
    }

    /** @return the inputs */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** @return the outputs */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** @return the metadata */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * @param name an output name
     * @return its index, or -1
     */
    public int outputIndex(String name) {
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return a one-line description of the tensors, for error messages */
    public String describe() {
        return "inputs " + inputs + ", outputs " + outputs;
    }
}
