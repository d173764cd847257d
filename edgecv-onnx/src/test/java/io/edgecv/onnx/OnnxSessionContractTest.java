package io.edgecv.onnx;

import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.BackendSessionContract;
import io.edgecv.testing.Fixtures;

/** The {@link BackendSessionContract} on ONNX Runtime with the SSD fixture. */
class OnnxSessionContractTest extends BackendSessionContract {
    @Override
    protected BackendProvider provider() {
        return new OnnxBackendProvider();
    }

    @Override
    protected ModelSource model() throws Exception {
        return ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
    }

    @Override
    protected int slotsGranted() {
        return 3; // double-buffered inputs and outputs for the video pipeline
    }
}
