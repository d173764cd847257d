package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A model opened straight on its backend's {@link BackendSession}, below the {@link io.edgecv.Detector}, for the
 * benchmarks that time one stage alone (inference, preprocessing, decoding).
 *
 * <p>Thread-safety: not thread-safe, like the session it holds.
 */
final class OpenedModel implements AutoCloseable {
    private final BackendSession session;
    private final ModelSignature signature;

    private OpenedModel(BackendSession session, ModelSignature signature) {
        this.session = session;
        this.signature = signature;
    }

    /**
     * @param target a runnable target
     * @param threads intra-op threads, 0 for the runtime's default
     * @return the opened model
     * @throws EdgeCvException if the backend cannot open it
     */
    static OpenedModel open(BenchTarget target, int threads) throws EdgeCvException {
        ModelSource source = ModelSource.of(target.file());
        BackendSession session = target.provider().open(source, BackendOptions.of(threads,
                BenchProperties.forBackend(target.backend())));
        return new OpenedModel(session, new ModelSignature(source, session.inputs(), session.outputs(),
                session.metadata()));
    }

    BackendSession session() {
        return session;
    }

    ModelSignature signature() {
        return signature;
    }

    /** @return the description EdgeCV finds for the model, as a detector would */
    ModelDescription describe() throws InvalidModelException {
        return ModelFamilies.describe(signature);
    }

    /** @return the decoder a detector would use for the model */
    Decoder decoder(ModelDescription description) throws InvalidModelException {
        return ModelFamilies.byName(description.family()).createDecoder(description, signature);
    }

    /**
     * Fixes a dynamic input to the preprocessing's shape, as a detector does.
     *
     * @return the session's input buffer for input 0
     */
    ByteBuffer bindInput(Preprocessing pre) throws EdgeCvException {
        TensorSpec in = session.inputs().get(0);
        if (!in.isStatic()) {
            session.setInputShape(0, pre.tensorShape());
        }
        ByteBuffer buffer = session.inputBuffer(0);
        if (buffer.capacity() < pre.tensorBytes()) {
            throw new InvalidModelException("input " + in + " holds " + buffer.capacity() + " bytes; "
                    + Arrays.toString(pre.tensorShape()) + " needs " + pre.tensorBytes());
        }
        return buffer;
    }

    @Override
    public void close() {
        session.close();
    }
}
