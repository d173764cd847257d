package io.edgecv.ncnn;

import com.sun.jna.Pointer;

/**
 * An {@code ncnn_mat_t}: NCNN's c-major tensor of up to 4 dimensions ({@code w}, {@code h}, {@code d},
 * {@code c}); each channel starts {@code cstep} elements after the previous one (aligned to 16 bytes), so a
 * channel plane may be followed by padding. Destroyed by {@link #close()}.
 *
 * <p>Thread-safety: not thread-safe; close is idempotent.
 */
final class NcnnMat implements AutoCloseable {
    private final NcnnLibrary lib;
    private Pointer mat;

    private NcnnMat(NcnnLibrary lib, Pointer mat) {
        this.lib = lib;
        this.mat = mat;
        NativeHandles.created();
    }

    /** @param handle a mat handle this object now owns (destroys) */
    static NcnnMat own(NcnnLibrary lib, Pointer handle) {
        if (handle == null) {
            throw new IllegalStateException("libncnn returned no mat");
        }
        return new NcnnMat(lib, handle);
    }

    /**
     * @param shape {@code [1, w]}, {@code [1, h, w]}, {@code [1, c, h, w]} or {@code [1, c, d, h, w]}
     * @return a new float32 mat of that shape, allocated by NCNN
     * @throws IllegalStateException if NCNN cannot allocate it
     */
    static NcnnMat create(NcnnLibrary lib, long[] shape) {
        Pointer p;
        int r = shape.length;
        switch (r) {
            case 2: p = lib.ncnn_mat_create_1d((int) shape[1], null); break;
            case 3: p = lib.ncnn_mat_create_2d((int) shape[2], (int) shape[1], null); break;
            case 4: p = lib.ncnn_mat_create_3d((int) shape[3], (int) shape[2], (int) shape[1], null); break;
            case 5:
                p = lib.ncnn_mat_create_4d((int) shape[4], (int) shape[3], (int) shape[2], (int) shape[1], null);
                break;
            default: throw new IllegalArgumentException("NCNN mats have 1 to 4 dimensions after the batch");
        }
        NcnnMat m = own(lib, p);
        if (m.data() == null) {
            m.close();
            throw new IllegalStateException("libncnn could not allocate a mat of shape " + java.util.Arrays
                    .toString(shape));
        }
        return m;
    }

    int dims() {
        return lib.ncnn_mat_get_dims(handle());
    }

    int w() {
        return lib.ncnn_mat_get_w(handle());
    }

    int h() {
        return lib.ncnn_mat_get_h(handle());
    }

    int d() {
        return lib.ncnn_mat_get_d(handle());
    }

    int c() {
        return lib.ncnn_mat_get_c(handle());
    }

    long elemSize() {
        return lib.ncnn_mat_get_elemsize(handle()).longValue();
    }

    int elemPack() {
        return lib.ncnn_mat_get_elempack(handle());
    }

    /** @return elements from one channel's start to the next's */
    long cstep() {
        return lib.ncnn_mat_get_cstep(handle()).longValue();
    }

    /** @return the data, or {@code null} for an empty mat */
    Pointer data() {
        return lib.ncnn_mat_get_data(handle());
    }

    Pointer handle() {
        if (mat == null) {
            throw new IllegalStateException("mat is closed");
        }
        return mat;
    }

    @Override
    public void close() {
        if (mat != null) {
            lib.ncnn_mat_destroy(mat);
            mat = null;
            NativeHandles.destroyed();
        }
    }
}
