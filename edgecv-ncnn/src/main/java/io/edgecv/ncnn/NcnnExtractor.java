package io.edgecv.ncnn;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * An {@code ncnn_extractor_t}: one forward pass of a net. Inputs are set by blob index, outputs extracted by blob
 * index; NCNN computes only the layers an extracted blob needs. Destroyed by {@link #close()}.
 *
 * <p>Thread-safety: not thread-safe; close is idempotent.
 */
final class NcnnExtractor implements AutoCloseable {
    private final NcnnLibrary lib;
    private final PointerByReference out;
    private Pointer ex;

    /** @param out reused to receive output handles */
    NcnnExtractor(NcnnLibrary lib, NcnnNet net, PointerByReference out) {
        this.lib = lib;
        this.out = out;
        this.ex = lib.ncnn_extractor_create(net.handle());
        if (ex == null) {
            throw new IllegalStateException("libncnn could not create an extractor");
        }
        NativeHandles.created();
    }

    /** @return NCNN's status, 0 on success */
    int input(int blob, NcnnMat mat) {
        return lib.ncnn_extractor_input_index(handle(), blob, mat.handle());
    }

    /**
     * @param blob the blob index
     * @param status receives NCNN's status at index 0
     * @return the blob's mat (owned by the caller), possibly empty on failure
     */
    NcnnMat extract(int blob, int[] status) {
        out.setValue(null);
        status[0] = lib.ncnn_extractor_extract_index(handle(), blob, out);
        return NcnnMat.own(lib, out.getValue());
    }

    private Pointer handle() {
        if (ex == null) {
            throw new IllegalStateException("extractor is closed");
        }
        return ex;
    }

    @Override
    public void close() {
        if (ex != null) {
            lib.ncnn_extractor_destroy(ex);
            ex = null;
            NativeHandles.destroyed();
        }
    }
}
