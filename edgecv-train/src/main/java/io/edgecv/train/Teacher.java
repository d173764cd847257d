package io.edgecv.train;

import io.edgecv.Detection;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The frozen teacher: any model a {@code Detector} opens, on any backend found on the class path through EdgeCV's
 * backend SPI (this module imports none of them). Its raw outputs on an (augmented) image are the student's
 * targets; its decoded detections are the reference of validation agreement.
 *
 * <p>Thread-safety: not thread-safe; one training loop uses it.
 */
final class Teacher implements AutoCloseable {
    private final BackendSession session;
    private final ModelSignature signature;
    private final ModelDescription description;
    private final Preprocessor preprocessor;
    private final ByteBuffer input;
    private final ModelDetections detections;
    /** How the image of the last {@link #run} was preprocessed. */
    private ImageTransform transform;

    private Teacher(BackendSession session, ModelSignature signature, ModelDescription description)
            throws EdgeCvException {
        this.session = session;
        this.signature = signature;
        this.description = description;
        this.preprocessor = new Preprocessor(description.preprocessing());
        this.detections = ModelDetections.of(description, signature);
        TensorSpec in = session.inputs().get(0);
        if (!in.isStatic()) {
            session.setInputShape(0, description.preprocessing().tensorShape());
        }
        this.input = session.inputBuffer(0);
        if (input.capacity() < description.preprocessing().tensorBytes()) {
            throw new InvalidModelException("the teacher's input " + in + " does not fit its preprocessing "
                    + description.preprocessing());
        }
    }

    /**
     * @param model the teacher model file (ONNX, TFLite, NCNN, TensorRT engine)
     * @param backend the backend's name, or {@code null} for the best available one
     * @param threads the runtime's threads, 0 for its default
     */
    static Teacher open(Path model, String backend, int threads) throws EdgeCvException {
        ModelSource source = ModelSource.of(model);
        BackendSession session = Backends.select(source.format(), backend).open(source,
                BackendOptions.of(threads, Map.of()));
        try {
            ModelSignature sig = new ModelSignature(source, session.inputs(), session.outputs(), session.metadata());
            return new Teacher(session, sig, ModelFamilies.describe(sig));
        } catch (EdgeCvException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** @return the raw outputs on the image, copied */
    RawOutputs run(ImageInput image) throws EdgeCvException {
        transform = preprocessor.apply(image, input);
        session.run();
        return RawOutputs.copyOf(session);
    }

    /**
     * @param outputs the raw outputs of the last {@link #run}
     * @return the detections (boxes as fractions of that run's image), above the teacher's own confidence threshold
     */
    List<Detection> detect(RawOutputs outputs) {
        return detections.detect(outputs, transform);
    }

    /** @return the family's decoder of the teacher's outputs */
    Decoder decoder() {
        return detections.decoder();
    }

    ModelSignature signature() {
        return signature;
    }

    ModelDescription description() {
        return description;
    }

    String backendName() {
        return session.backendName();
    }

    @Override
    public void close() {
        session.close();
    }
}
