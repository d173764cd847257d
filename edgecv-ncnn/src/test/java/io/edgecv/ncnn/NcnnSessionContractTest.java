package io.edgecv.ncnn;

import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import io.edgecv.testing.BackendSessionContract;

/** The {@link BackendSessionContract} on libncnn with the PP-OCRv3 text detector at 64x96. */
class NcnnSessionContractTest extends BackendSessionContract {
    @Override
    protected BackendProvider provider() {
        return new NcnnBackendProvider();
    }

    @Override
    protected ModelSource model() throws Exception {
        return ModelSource.of(NcnnTesting.detector());
    }

    @Override
    protected long[] inputShape(TensorSpec input) {
        return new long[] {1, 3, 64, 96};
    }
}
