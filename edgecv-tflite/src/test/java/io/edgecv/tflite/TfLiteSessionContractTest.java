package io.edgecv.tflite;

import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.BackendSessionContract;
import io.edgecv.testing.Fixtures;

/** The {@link BackendSessionContract} on TensorFlow Lite with BlazeFace short range. */
class TfLiteSessionContractTest extends BackendSessionContract {
    @Override
    protected BackendProvider provider() {
        return new TfLiteBackendProvider();
    }

    @Override
    protected ModelSource model() throws Exception {
        return ModelSource.of(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
    }

    @Override
    protected int slotsGranted() {
        return 3; // double-buffered inputs and outputs for the video pipeline
    }
}
