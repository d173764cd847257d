package io.edgecv.ncnn;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * An {@code ncnn_net_t}: a loaded model. Options are set before the param file is loaded. Destroyed by
 * {@link #close()}.
 *
 * <p>Thread-safety: NCNN lets several threads extract from one loaded net; this wrapper's loading and closing are
 * not thread-safe. Close is idempotent.
 */
final class NcnnNet implements AutoCloseable {
    private final NcnnLibrary lib;
    private Pointer net;

    NcnnNet(NcnnLibrary lib) {
        this.lib = lib;
        this.net = lib.ncnn_net_create();
        if (net == null) {
            throw new IllegalStateException("libncnn could not create a net");
        }
        NativeHandles.created();
    }

    /** Applies the options to the net's own option struct; call before {@link #loadParam}. */
    void configure(NcnnOptions o) {
        Pointer opt = lib.ncnn_net_get_option(handle());
        if (o.threads > 0) {
            lib.ncnn_option_set_num_threads(opt, o.threads);
        }
        lib.ncnn_option_set_use_vulkan_compute(opt, o.vulkan ? 1 : 0);
        lib.ncnn_option_set_use_packing_layout(opt, o.packing ? 1 : 0);
        lib.ncnn_option_set_use_fp16_packed(opt, o.fp16Storage ? 1 : 0);
        lib.ncnn_option_set_use_fp16_storage(opt, o.fp16Storage ? 1 : 0);
        lib.ncnn_option_set_use_fp16_arithmetic(opt, o.fp16Arithmetic ? 1 : 0);
        lib.ncnn_option_set_use_bf16_packed(opt, o.bf16Storage ? 1 : 0);
        lib.ncnn_option_set_use_bf16_storage(opt, o.bf16Storage ? 1 : 0);
        // The C API has no setter for light mode. Option::lightmode is the first member of ncnn::Option (a bool at
        // offset 0) in every ncnn release, and ncnn_net_get_option returns the net's own Option.
        opt.setByte(0, (byte) (o.lightMode ? 1 : 0));
    }

    /** @return the thread count NCNN will use */
    int threads() {
        return lib.ncnn_option_get_num_threads(lib.ncnn_net_get_option(handle()));
    }

    /** @return whether Vulkan stayed on after loading (NCNN turns it off when there is no usable GPU) */
    boolean usesVulkan() {
        return lib.ncnn_option_get_use_vulkan_compute(lib.ncnn_net_get_option(handle())) != 0;
    }

    /**
     * @param text the validated param file, without a terminating NUL
     * @return NCNN's status, 0 on success
     */
    int loadParam(byte[] text) {
        try (Memory mem = new Memory(text.length + 1L)) {
            mem.write(0, text, 0, text.length);
            mem.setByte(text.length, (byte) 0);
            return lib.ncnn_net_load_param_memory(handle(), mem);
        }
    }

    /** @return NCNN's status, 0 on success */
    int loadModel(Path bin) {
        return lib.ncnn_net_load_model(handle(), bin.toAbsolutePath().toString());
    }

    int inputCount() {
        return lib.ncnn_net_get_input_count(handle());
    }

    String inputName(int i) {
        return lib.ncnn_net_get_input_name(handle(), i);
    }

    Pointer handle() {
        if (net == null) {
            throw new IllegalStateException("net is closed");
        }
        return net;
    }

    @Override
    public void close() {
        if (net != null) {
            lib.ncnn_net_destroy(net);
            net = null;
            NativeHandles.destroyed();
        }
    }
}
