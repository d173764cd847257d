package io.edgecv.tensorrt;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The TensorRT versions whose binary layout EdgeCV relies on. The JavaCPP bindings call TensorRT through the C++
 * vtables of the headers they were compiled against (TensorRT 11.2), and {@link NativeDelete} calls the ONNX
 * parser's deleting destructor by its vtable slot in that ABI. A library of another minor version may order its
 * virtual functions differently, so the version is checked exactly (major and minor) when the backend is probed,
 * and an unknown one is refused with what to install, instead of calling into a layout that may not be there. A
 * Jetson with JetPack 7.2.2 runs TensorRT 11.4.1: it is refused until its layout is checked, or accepted at the
 * user's word with {@code -Dedgecv.tensorrt.accept_version=11.4} (then the parser is not deleted, only leaked).
 *
 * <p>Thread-safety: stateless.
 */
final class TrtAbi {
    /** System property: a {@code major.minor} the user has checked and accepts although EdgeCV has not. */
    static final String ACCEPT = "edgecv.tensorrt.accept_version";
    /** Deleting-destructor slot of {@code nvonnxparser::IParser} per verified {@code major.minor}. */
    private static final Map<String, Integer> PARSER_DELETE_SLOT = Map.of("11.2", 7);

    private TrtAbi() {
    }

    /**
     * @param libraryMajor the loaded library's major version
     * @param libraryMinor its minor version
     * @param full its full version, for messages
     * @param bindingsMajor the bindings' {@code NV_TENSORRT_MAJOR}
     * @param bindingsMinor the bindings' {@code NV_TENSORRT_MINOR}
     * @param accepted the value of {@link #ACCEPT}, or null
     * @param what {@code libnvinfer} or {@code libnvonnxparser}, for messages
     * @return null if the library's layout is the bindings' (or accepted by the user), else why it is refused
     */
    static String refusal(int libraryMajor, int libraryMinor, String full, int bindingsMajor, int bindingsMinor,
                          String accepted, String what) {
        String mm = libraryMajor + "." + libraryMinor;
        if (libraryMajor == bindingsMajor && libraryMinor == bindingsMinor) {
            return null;
        }
        String install = "install TensorRT " + bindingsMajor + "." + bindingsMinor + ".x (the version the bindings"
                + " were built for) or put it first on LD_LIBRARY_PATH";
        if (libraryMajor != bindingsMajor) {
            return "the " + what + " loaded is TensorRT " + full + "; the bindings were built for TensorRT "
                    + bindingsMajor + "." + bindingsMinor + " and cannot call another major version: " + install;
        }
        if (mm.equals(accepted == null ? null : accepted.trim())) {
            return null;
        }
        return "the " + what + " loaded is TensorRT " + full + "; EdgeCV calls TensorRT by the binary layout of "
                + bindingsMajor + "." + bindingsMinor + " (the bindings' headers and the parser's destructor slot)"
                + " and has not checked " + mm + ": " + install + ", or, having checked that " + mm + " keeps that"
                + " layout, run with -D" + ACCEPT + "=" + mm;
    }

    /**
     * @param majorMinor the loaded parser's {@code major.minor}
     * @return the vtable slot of its deleting destructor, if that version's layout is known
     */
    static OptionalInt parserDeleteSlot(String majorMinor) {
        Integer slot = PARSER_DELETE_SLOT.get(majorMinor);
        return slot == null ? OptionalInt.empty() : OptionalInt.of(slot);
    }

    /**
     * @param parserVersion {@code getNvOnnxParserVersion()}: major x 10000 + minor x 100 + patch
     * @return {@code major.minor}
     */
    static String parserMajorMinor(int parserVersion) {
        return parserVersion / 10000 + "." + parserVersion / 100 % 100;
    }
}
