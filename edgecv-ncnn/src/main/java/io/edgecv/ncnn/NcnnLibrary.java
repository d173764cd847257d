package io.edgecv.ncnn;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of NCNN's C API ({@code c_api.h}) EdgeCV calls, bound with JNA. Handles are opaque pointers; every
 * {@code *_create} has its {@code *_destroy}, called by the wrappers {@link NcnnNet}, {@link NcnnMat} and
 * {@link NcnnExtractor}. Functions a build may lack (Vulkan) are looked up separately, never through this interface.
 *
 * <p>Thread-safety: the functions are as thread-safe as NCNN makes them: a net may serve several extractors at once,
 * an extractor or a mat belongs to one thread.
 */
interface NcnnLibrary extends Library {
    /** Every function of this interface, checked when the library is loaded so a call never fails half-way. */
    String[] REQUIRED = {
        "ncnn_version", "ncnn_net_create", "ncnn_net_destroy", "ncnn_net_get_option",
        "ncnn_option_set_num_threads", "ncnn_option_get_num_threads", "ncnn_option_set_use_vulkan_compute",
        "ncnn_option_get_use_vulkan_compute", "ncnn_option_set_use_packing_layout",
        "ncnn_option_set_use_fp16_packed", "ncnn_option_set_use_fp16_storage", "ncnn_option_set_use_fp16_arithmetic",
        "ncnn_option_set_use_bf16_packed", "ncnn_option_set_use_bf16_storage",
        "ncnn_net_load_param_memory", "ncnn_net_load_model", "ncnn_net_get_input_count", "ncnn_net_get_output_count",
        "ncnn_net_get_input_name", "ncnn_net_get_output_name", "ncnn_mat_create_1d", "ncnn_mat_create_2d",
        "ncnn_mat_create_3d", "ncnn_mat_create_4d", "ncnn_mat_destroy", "ncnn_mat_get_dims", "ncnn_mat_get_w",
        "ncnn_mat_get_h", "ncnn_mat_get_d", "ncnn_mat_get_c", "ncnn_mat_get_elemsize", "ncnn_mat_get_elempack",
        "ncnn_mat_get_cstep", "ncnn_mat_get_data", "ncnn_extractor_create", "ncnn_extractor_destroy",
        "ncnn_extractor_input_index", "ncnn_extractor_extract_index", "ncnn_mat_substract_mean_normalize",
    };

    String ncnn_version();

    Pointer ncnn_net_create();

    void ncnn_net_destroy(Pointer net);

    /** @return the net's own option struct (not a copy); changes apply to nets loaded afterwards */
    Pointer ncnn_net_get_option(Pointer net);

    void ncnn_option_set_num_threads(Pointer opt, int threads);

    int ncnn_option_get_num_threads(Pointer opt);

    void ncnn_option_set_use_vulkan_compute(Pointer opt, int enable);

    int ncnn_option_get_use_vulkan_compute(Pointer opt);

    void ncnn_option_set_use_packing_layout(Pointer opt, int enable);

    void ncnn_option_set_use_fp16_packed(Pointer opt, int enable);

    void ncnn_option_set_use_fp16_storage(Pointer opt, int enable);

    void ncnn_option_set_use_fp16_arithmetic(Pointer opt, int enable);

    void ncnn_option_set_use_bf16_packed(Pointer opt, int enable);

    void ncnn_option_set_use_bf16_storage(Pointer opt, int enable);

    /** @param mem NUL-terminated param text @return 0 on success */
    int ncnn_net_load_param_memory(Pointer net, Pointer mem);

    /** @return 0 on success; reads the file with stdio, so a short file fails instead of over-reading */
    int ncnn_net_load_model(Pointer net, String path);

    int ncnn_net_get_input_count(Pointer net);

    int ncnn_net_get_output_count(Pointer net);

    String ncnn_net_get_input_name(Pointer net, int i);

    String ncnn_net_get_output_name(Pointer net, int i);

    Pointer ncnn_mat_create_1d(int w, Pointer allocator);

    Pointer ncnn_mat_create_2d(int w, int h, Pointer allocator);

    Pointer ncnn_mat_create_3d(int w, int h, int c, Pointer allocator);

    Pointer ncnn_mat_create_4d(int w, int h, int d, int c, Pointer allocator);

    void ncnn_mat_destroy(Pointer mat);

    int ncnn_mat_get_dims(Pointer mat);

    int ncnn_mat_get_w(Pointer mat);

    int ncnn_mat_get_h(Pointer mat);

    int ncnn_mat_get_d(Pointer mat);

    int ncnn_mat_get_c(Pointer mat);

    SizeT ncnn_mat_get_elemsize(Pointer mat);

    int ncnn_mat_get_elempack(Pointer mat);

    SizeT ncnn_mat_get_cstep(Pointer mat);

    Pointer ncnn_mat_get_data(Pointer mat);

    /** @param mean per-channel values subtracted, or null @param norm per-channel factors applied after, or null */
    void ncnn_mat_substract_mean_normalize(Pointer mat, Pointer mean, Pointer norm);

    Pointer ncnn_extractor_create(Pointer net);

    void ncnn_extractor_destroy(Pointer ex);

    /** @param blobIndex index of the blob in the net, in order of first appearance in the param file */
    int ncnn_extractor_input_index(Pointer ex, int blobIndex, Pointer mat);

    /** @param mat receives a new mat handle even on failure; destroy it */
    int ncnn_extractor_extract_index(Pointer ex, int blobIndex, PointerByReference mat);
}
