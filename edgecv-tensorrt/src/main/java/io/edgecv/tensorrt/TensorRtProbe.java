package io.edgecv.tensorrt;

import io.edgecv.spi.Availability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Decides whether TensorRT can run here, cheapest checks first, and loads native code only when everything it
 * needs is known to be present:
 * <ol>
 *   <li>Linux on x86_64 or aarch64;</li>
 *   <li>the JavaCPP TensorRT and CUDA classes and this platform's JNI jars on the class path (found as resources,
 *       nothing loaded);</li>
 *   <li>{@code libcuda.so.1}, the NVIDIA driver, found by {@link NativeLibraryFinder} without loading it;</li>
 *   <li>every library the JNI glue links (CUDA runtime, cuBLAS, cuDNN, NVRTC, TensorRT, its ONNX parser) found on
 *       the system or bundled by a {@code -redist} jar;</li>
 *   <li>only then, on a daemon thread with a time limit: load the bindings, ask CUDA for a device and TensorRT for
 *       its version.</li>
 * </ol>
 * A failed step yields {@link Availability#unavailable} naming what is missing and what to install; nothing here
 * throws or crashes, and a hung driver costs at most {@link #NATIVE_TIMEOUT_SECONDS}.
 *
 * <p>Thread-safety: stateless; the provider runs it once per JVM.
 */
final class TensorRtProbe {
    /** Longest the native step may take (first CUDA initialisation can take several seconds). */
    static final long NATIVE_TIMEOUT_SECONDS = 60;
    static final String TENSORRT_ARTIFACT = "org.bytedeco:tensorrt:11.2-1.5.14";
    static final String CUDA_ARTIFACT = "org.bytedeco:cuda:13.3-9.25-1.5.14";

    /** The driver: never bundled. */
    static final String DRIVER = "libcuda.so.1";

    /**
     * Libraries the JNI glue links at load time (seen in the JNI libraries' NEEDED entries and the presets'
     * {@code inherit} chain: the TensorRT presets inherit the cuBLAS, cuDNN and NVRTC presets, whose JNI libraries
     * JavaCPP loads first), grouped by what installs them; each group's redist classifier suffix bundles it.
     */
    static final List<LibraryGroup> LIBRARIES = List.of(
            new LibraryGroup("the CUDA 13 runtime (cuda-cudart-13, or the CUDA 13 toolkit)", "org/bytedeco/cuda/",
                    CUDA_ARTIFACT + ":<platform>-redist", "libcudart.so.13"),
            new LibraryGroup("cuBLAS for CUDA 13 (libcublas-13)", "org/bytedeco/cuda/",
                    CUDA_ARTIFACT + ":<platform>-redist-cublas", "libcublas.so.13", "libcublasLt.so.13"),
            new LibraryGroup("cuDNN 9 for CUDA 13 (cudnn9-cuda-13): the JavaCPP CUDA presets link it although"
                    + " TensorRT 11 itself does not use it", "org/bytedeco/cuda/",
                    CUDA_ARTIFACT + ":<platform>-redist-cudnn", "libcudnn_graph.so.9", "libcudnn_ops.so.9",
                    "libcudnn_cnn.so.9", "libcudnn_adv.so.9"),
            new LibraryGroup("NVRTC for CUDA 13 (cuda-nvrtc-13)", "org/bytedeco/cuda/",
                    CUDA_ARTIFACT + ":<platform>-redist", "libnvrtc.so.13"),
            new LibraryGroup("TensorRT 11.2 for CUDA 13 (NVIDIA's TensorRT tar or deb packages; put its lib folder"
                    + " on LD_LIBRARY_PATH)", "org/bytedeco/tensorrt/", TENSORRT_ARTIFACT + ":<platform>-redist",
                    "libnvinfer.so.11", "libnvinfer_plugin.so.11", "libnvonnxparser.so.11"));

    private TensorRtProbe() {
    }

    /**
     * @param osName {@code os.name}
     * @param arch {@code os.arch}
     * @return the JavaCPP platform name, or empty if TensorRT's bindings do not exist for it
     */
    static Optional<String> platform(String osName, String arch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        switch (arch) {
            case "amd64": case "x86_64": return Optional.of("linux-x86_64");
            case "aarch64": case "arm64": return Optional.of("linux-arm64");
            default: return Optional.empty();
        }
    }

    /**
     * Runs every step.
     *
     * @param osName {@code os.name}
     * @param arch {@code os.arch}
     * @param finder looks libraries up without loading them
     * @param classLoader where the bindings are looked for
     * @param nativeStep the last step, run only when everything is present: loads the bindings and describes
     *                   device 0, or throws {@link ProbeFailure} saying why not
     * @return the availability and, when available, device 0
     */
    static ProbeResult probe(String osName, String arch, NativeLibraryFinder finder, ClassLoader classLoader,
                             IntFunction<DeviceInfo> nativeStep) {
        return probe(osName, arch, finder, classLoader, nativeStep, TimeUnit.SECONDS.toMillis(NATIVE_TIMEOUT_SECONDS));
    }

    static ProbeResult probe(String osName, String arch, NativeLibraryFinder finder, ClassLoader classLoader,
                             IntFunction<DeviceInfo> nativeStep, long timeoutMillis) {
        Optional<String> platform = platform(osName, arch);
        if (platform.isEmpty()) {
            return ProbeResult.unavailable("the tensorrt backend runs on Linux x86_64 and aarch64 (NVIDIA GPUs,"
                    + " Jetson); this is " + osName + " " + arch + ". Use the onnx backend here.");
        }
        String p = platform.get();
        String bindings = checkBindings(classLoader, p);
        if (bindings != null) {
            return ProbeResult.unavailable(bindings);
        }
        if (finder.find(DRIVER).isEmpty()) {
            return ProbeResult.unavailable(DRIVER + " (NVIDIA driver) not found in LD_LIBRARY_PATH,"
                    + " /etc/ld.so.cache or the standard library folders: this machine has no NVIDIA GPU driver."
                    + " Install the NVIDIA driver (R580 or newer for CUDA 13) on a GPU machine, or JetPack on a"
                    + " Jetson; without a GPU use the onnx backend (ONNX models fall back to it automatically).");
        }
        String missing = missingLibraries(finder, classLoader, p);
        if (missing != null) {
            return ProbeResult.unavailable(missing);
        }
        return runNative(nativeStep, timeoutMillis);
    }

    private static String checkBindings(ClassLoader cl, String platform) {
        try {
            Class.forName("org.bytedeco.tensorrt.global.nvinfer", false, cl);
            Class.forName("org.bytedeco.cuda.global.cudart", false, cl);
        } catch (ClassNotFoundException | LinkageError e) {
            return "the JavaCPP TensorRT bindings are not on the class path (" + e.getMessage() + "): add "
                    + TENSORRT_ARTIFACT + " and " + CUDA_ARTIFACT + " (io.edgecv:edgecv-tensorrt depends on them;"
                    + " check that your build does not exclude them)";
        }
        List<String> absent = new ArrayList<>();
        for (String res : new String[] {
            "org/bytedeco/tensorrt/" + platform + "/libjninvinfer.so",
            "org/bytedeco/tensorrt/" + platform + "/libjninvonnxparser.so",
            "org/bytedeco/cuda/" + platform + "/libjnicudart.so",
            "org/bytedeco/javacpp/" + platform + "/libjnijavacpp.so"}) {
            if (cl.getResource(res) == null) {
                absent.add(res);
            }
        }
        if (!absent.isEmpty()) {
            return "the JavaCPP JNI libraries for " + platform + " are not on the class path (" + absent + "): add "
                    + TENSORRT_ARTIFACT + ":" + platform + ", " + CUDA_ARTIFACT + ":" + platform
                    + " and org.bytedeco:javacpp:1.5.14:" + platform;
        }
        return null;
    }

    /**
     * @return a sentence naming every missing library with what installs it, or null if all are present
     */
    static String missingLibraries(NativeLibraryFinder finder, ClassLoader cl, String platform) {
        Map<LibraryGroup, List<String>> missing = new LinkedHashMap<>();
        for (LibraryGroup g : LIBRARIES) {
            for (String soname : g.sonames) {
                boolean bundled = cl.getResource(g.resourceDir + platform + "/" + soname) != null;
                if (!bundled && finder.find(soname).isEmpty()) {
                    missing.computeIfAbsent(g, k -> new ArrayList<>()).add(soname);
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("the NVIDIA driver is present but libraries the TensorRT bindings load"
                + " are missing:");
        List<String> redist = new ArrayList<>();
        for (Map.Entry<LibraryGroup, List<String>> e : missing.entrySet()) {
            sb.append(' ').append(String.join(", ", e.getValue())).append(" (").append(e.getKey().installs)
                    .append(");");
            String r = e.getKey().redist.replace("<platform>", platform);
            if (!redist.contains(r)) {
                redist.add(r);
            }
        }
        sb.append(" install them, or bundle them with the -redist jars ").append(redist)
                .append(" (Maven profile tensorrt-redist of edgecv-tensorrt; see its README)");
        return sb.toString();
    }

    private static ProbeResult runNative(IntFunction<DeviceInfo> nativeStep, long timeoutMillis) {
        FutureTask<DeviceInfo> task = new FutureTask<>(() -> nativeStep.apply(0));
        Thread t = new Thread(task, "edgecv-tensorrt-probe");
        t.setDaemon(true);
        t.start();
        try {
            return ProbeResult.available(task.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            task.cancel(true);
            return ProbeResult.unavailable("the CUDA driver did not answer within " + timeoutMillis / 1000.0
                    + " s while probing GPU 0; check the GPU with nvidia-smi (tegrastats on a Jetson)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unavailable("interrupted while probing the GPU");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ProbeFailure) {
                return ProbeResult.unavailable(c.getMessage());
            }
            return ProbeResult.unavailable("the TensorRT and CUDA libraries were found but did not load: " + c
                    + ". Check that they are the versions the bindings were built for (TensorRT 11.2, CUDA 13,"
                    + " cuDNN 9) and glibc 2.34 or newer");
        }
    }

    /**
     * The native step found the runtime unusable; its message is the reason shown to users.
     *
     * <p>Thread-safety: immutable.
     */
    static final class ProbeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProbeFailure(String message) {
            super(message);
        }
    }

    /**
     * Libraries installed together, and where JavaCPP's redist jars bundle them.
     *
     * <p>Thread-safety: immutable.
     */
    static final class LibraryGroup {
        final String installs;
        final String resourceDir;
        final String redist;
        final List<String> sonames;

        LibraryGroup(String installs, String resourceDir, String redist, String... sonames) {
            this.installs = installs;
            this.resourceDir = resourceDir;
            this.redist = redist;
            this.sonames = List.of(sonames);
        }
    }

    /**
     * What the probe found.
     *
     * <p>Thread-safety: immutable.
     */
    static final class ProbeResult {
        private final Availability availability;
        private final DeviceInfo device;

        private ProbeResult(Availability availability, DeviceInfo device) {
            this.availability = availability;
            this.device = device;
        }

        static ProbeResult available(DeviceInfo device) {
            return new ProbeResult(Availability.available(), device);
        }

        static ProbeResult unavailable(String reason) {
            return new ProbeResult(Availability.unavailable(reason), null);
        }

        Availability availability() {
            return availability;
        }

        /** @return GPU 0 when available, else null */
        DeviceInfo device() {
            return device;
        }
    }
}
