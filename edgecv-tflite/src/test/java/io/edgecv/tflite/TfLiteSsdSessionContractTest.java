package io.edgecv.tflite;

import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;

/**
 * The {@link io.edgecv.testing.BackendSessionContract} on TensorFlow Lite again, with the SSD (FP16): tensor sizes
 * that are not multiples of 64 bytes (30,672 and 184,032), which a slot's aligned memory must still hold whole.
 */
class TfLiteSsdSessionContractTest extends TfLiteSessionContractTest {
    @Override
    protected ModelSource model() throws Exception {
        return ModelSource.of(Fixtures.model(Fixtures.SSD_TFLITE));
    }
}
