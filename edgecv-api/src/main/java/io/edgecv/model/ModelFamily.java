package io.edgecv.model;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import java.util.Optional;
import java.util.Set;

/**
 * A family of detection models that share an output layout and a decoder: SSD (TF Object Detection API),
 * BlazeFace (MediaPipe), the YOLO heads. A family recognises its models from their tensors and metadata, and
 * builds the decoder for one of them.
 *
 * <p>Add your own by implementing this interface and listing the class in
 * {@code META-INF/services/io.edgecv.model.ModelFamily}.
 *
 * <p>Thread-safety: implementations must be thread-safe (they are shared and stateless).
 */
public interface ModelFamily {
    /** @return the family name used in {@code family=} of a description file, such as {@code ssd} */
    String name();

    /**
     * @param signature an opened model
     * @return a complete description if the model is one of this family's, else empty
     * @throws InvalidModelException if the model claims to be of this family (by its metadata) but cannot be used
     */
    Optional<ModelDescription> recognize(ModelSignature signature) throws InvalidModelException;

    /**
     * Default description of a model declared to be of this family by a description file, before the file's
     * settings are applied. The default implementation is {@link #recognize}, then preprocessing from the input
     * tensor alone.
     *
     * @param signature an opened model
     * @return the family's defaults for it
     * @throws InvalidModelException if the model cannot be of this family
     */
    default ModelDescription defaults(ModelSignature signature) throws InvalidModelException {
        Optional<ModelDescription> known = recognize(signature);
        if (known.isPresent()) {
            return known.get();
        }
        return ModelDescription.builder(name(), InputDefaults.from(signature, 0).build()).build();
    }

    /**
     * The keys of this family's own settings in a description file, such as {@code ssd.feature_maps}: a key the
     * file sets that is neither a general key ({@link DescriptionFile#GENERAL_KEYS}) nor one of these is an error
     * listing both (a misspelt key is not silently ignored). The default, empty, means the family does not say:
     * every other key is passed on to it unchecked (families written before this method existed).
     *
     * @return the family-specific keys, or empty
     */
    default Set<String> propertyKeys() {
        return Set.of();
    }

    /**
     * @param description the model's description, family {@link #name()}
     * @param signature the opened model
     * @return a decoder bound to the model's outputs
     * @throws InvalidModelException if the outputs do not have the layout this family decodes
     */
    Decoder createDecoder(ModelDescription description, ModelSignature signature) throws InvalidModelException;
}
