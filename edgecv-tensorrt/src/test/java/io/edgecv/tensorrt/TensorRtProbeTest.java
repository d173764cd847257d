package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's steps before any native code: each missing piece is reported with what to install, and the native
 * step runs only when everything was found. The native step here is a plain function standing in for
 * {@link Cuda#describeDevice}, which needs a GPU.
 */
class TensorRtProbeTest {
    private static final ClassLoader CL = TensorRtProbeTest.class.getClassLoader();
    private static final DeviceInfo GPU = new DeviceInfo(0, "NVIDIA A2", 8, 6, 15L << 30, false, "11.2.1.2", 13000,
            13030);
    private static final IntFunction<DeviceInfo> NEVER = i -> fail("the native step must not run");

    static NativeLibraryFinder finderOver(Path dir) {
        return new NativeLibraryFinder(List.of(dir), new byte[0], List.of());
    }

    static void install(Path dir, String... sonames) throws Exception {
        for (String s : sonames) {
            Files.write(dir.resolve(s), new byte[0]);
        }
    }

    static String[] everyLibrary() {
        return TensorRtProbe.LIBRARIES.stream().flatMap(g -> g.sonames.stream()).toArray(String[]::new);
    }

    @Test
    void platformsWithBindings() {
        assertThat(TensorRtProbe.platform("Linux", "amd64")).contains("linux-x86_64");
        assertThat(TensorRtProbe.platform("Linux", "aarch64")).contains("linux-arm64");
        assertThat(TensorRtProbe.platform("Mac OS X", "aarch64")).isEmpty();
        assertThat(TensorRtProbe.platform("Windows 11", "amd64")).isEmpty();
        assertThat(TensorRtProbe.platform("Linux", "ppc64le")).isEmpty();
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Mac OS X", "aarch64", finderOver(Path.of("/")), CL, NEVER);
        assertThat(r.availability().reason()).contains("Linux x86_64 and aarch64").contains("Mac OS X aarch64");
    }

    @Test
    void missingBindingClassesOrJniJarsAreNamed(@TempDir Path dir) throws Exception {
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir), empty, NEVER);
        assertThat(r.availability().isAvailable()).isFalse();
        assertThat(r.availability().reason()).contains("bindings are not on the class path")
                .contains(TensorRtProbe.TENSORRT_ARTIFACT).contains(TensorRtProbe.CUDA_ARTIFACT);

        URL trtClasses = org.bytedeco.tensorrt.global.nvinfer.class.getProtectionDomain().getCodeSource()
                .getLocation();
        URL cudaClasses = org.bytedeco.cuda.global.cudart.class.getProtectionDomain().getCodeSource().getLocation();
        URL javacpp = org.bytedeco.javacpp.Loader.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader classesOnly = new URLClassLoader(new URL[] {trtClasses, cudaClasses, javacpp}, null)) {
            r = TensorRtProbe.probe("Linux", "aarch64", finderOver(dir), classesOnly, NEVER);
        }
        assertThat(r.availability().reason()).contains("JNI libraries for linux-arm64")
                .contains(TensorRtProbe.TENSORRT_ARTIFACT + ":linux-arm64");
    }

    @Test
    void noDriverIsReportedBeforeAnythingElse(@TempDir Path dir) throws Exception {
        install(dir, "libnvinfer.so.11", "libcudart.so.13");
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir), CL, NEVER);
        assertThat(r.availability().isAvailable()).isFalse();
        assertThat(r.availability().reason()).startsWith("libcuda.so.1 (NVIDIA driver) not found")
                .contains("onnx backend");
        assertThat(r.device()).isNull();
    }

    @Test
    void driverWithoutTensorRtNamesEveryMissingLibraryAndItsPackage(@TempDir Path dir) throws Exception {
        install(dir, "libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13");
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir), CL, NEVER);
        String reason = r.availability().reason();
        assertThat(reason).contains("the NVIDIA driver is present")
                .contains("libnvinfer.so.11, libnvinfer_plugin.so.11, libnvonnxparser.so.11 (TensorRT 11.2")
                .contains("libcudnn_graph.so.9").contains("cuDNN 9").contains("libnvrtc.so.13")
                .doesNotContain("cuBLAS for CUDA 13").doesNotContain("the CUDA 13 runtime")
                .contains(TensorRtProbe.TENSORRT_ARTIFACT + ":linux-x86_64-redist")
                .contains(TensorRtProbe.CUDA_ARTIFACT + ":linux-x86_64-redist-cudnn")
                .contains("tensorrt-redist");
    }

    @Test
    void everythingPresentRunsTheNativeStepOnce(@TempDir Path dir) throws Exception {
        install(dir, "libcuda.so.1");
        install(dir, everyLibrary());
        AtomicInteger calls = new AtomicInteger();
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir), CL, i -> {
            calls.incrementAndGet();
            assertThat(i).isZero();
            return GPU;
        });
        assertThat(calls).hasValue(1);
        assertThat(r.availability().isAvailable()).isTrue();
        assertThat(r.device()).isSameAs(GPU);
    }

    @Test
    void nativeFailuresBecomeReasonsNotCrashes(@TempDir Path dir) throws Exception {
        install(dir, "libcuda.so.1");
        install(dir, everyLibrary());
        NativeLibraryFinder f = finderOver(dir);
        TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", f, CL, i -> {
            throw new TensorRtProbe.ProbeFailure("the NVIDIA driver sees no GPU");
        });
        assertThat(r.availability().reason()).isEqualTo("the NVIDIA driver sees no GPU");
        r = TensorRtProbe.probe("Linux", "amd64", f, CL, i -> {
            throw new UnsatisfiedLinkError("libnvinfer.so.11: wrong ELF class");
        });
        assertThat(r.availability().reason()).contains("found but did not load").contains("wrong ELF class");
        long t0 = System.nanoTime();
        r = TensorRtProbe.probe("Linux", "amd64", f, CL, i -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return GPU;
        }, 300);
        assertThat(r.availability().reason()).contains("did not answer within 0.3 s");
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test
    void librariesBundledByRedistJarsCountAsPresent(@TempDir Path dir) throws Exception {
        install(dir, "libcuda.so.1");
        Path jarRoot = Files.createDirectories(dir.resolve("redist"));
        for (TensorRtProbe.LibraryGroup g : TensorRtProbe.LIBRARIES) {
            Path d = Files.createDirectories(jarRoot.resolve(g.resourceDir + "linux-x86_64"));
            for (String s : g.sonames) {
                Files.write(d.resolve(s), new byte[0]);
            }
        }
        AtomicInteger calls = new AtomicInteger();
        try (URLClassLoader withRedist = new URLClassLoader(new URL[] {jarRoot.toUri().toURL()}, CL)) {
            TensorRtProbe.ProbeResult r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir.resolve("none")),
                    withRedist, i -> {
                        calls.incrementAndGet();
                        return GPU;
                    });
            assertThat(r.availability().reason()).startsWith("libcuda.so.1");
            r = TensorRtProbe.probe("Linux", "amd64", finderOver(dir), withRedist, i -> {
                calls.incrementAndGet();
                return GPU;
            });
            assertThat(r.availability().isAvailable()).isTrue();
        }
        assertThat(calls).hasValue(1);
    }
}
