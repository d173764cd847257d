package io.edgecv.tensorrt;

import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.BackendSessionContract;
import io.edgecv.testing.Fixtures;

/** The {@link BackendSessionContract} on TensorRT with the SSD fixture (skipped, or failed when required). */
class TensorRtSessionContractTest extends BackendSessionContract {
    @Override
    protected BackendProvider provider() {
        return new TensorRtBackendProvider();
    }

    @Override
    protected ModelSource model() throws Exception {
        return ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
    }
}
