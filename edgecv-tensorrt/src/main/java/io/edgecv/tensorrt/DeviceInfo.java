package io.edgecv.tensorrt;

import java.util.Objects;

/**
 * The GPU an engine is built for and the TensorRT and CUDA versions loaded: what decides whether a serialized
 * engine can run here (TensorRT engines are specific to the GPU model and to the TensorRT version that built them).
 *
 * <p>Thread-safety: immutable.
 */
final class DeviceInfo {
    private final int index;
    private final String name;
    private final int computeMajor;
    private final int computeMinor;
    private final long totalMemory;
    private final boolean integrated;
    private final String tensorRtVersion;
    private final int cudaDriverVersion;
    private final int cudaRuntimeVersion;

    /**
     * @param index CUDA device index
     * @param name device name, such as {@code Orin} or {@code NVIDIA GeForce RTX 4090}
     * @param computeMajor compute capability major
     * @param computeMinor compute capability minor
     * @param totalMemory device memory in bytes
     * @param integrated whether the GPU shares memory with the CPU (Jetson)
     * @param tensorRtVersion the loaded libnvinfer's version, {@code major.minor.patch.build}
     * @param cudaDriverVersion CUDA version the driver supports, as CUDA encodes it (13000 = 13.0)
     * @param cudaRuntimeVersion CUDA runtime version, same encoding
     */
    DeviceInfo(int index, String name, int computeMajor, int computeMinor, long totalMemory, boolean integrated,
               String tensorRtVersion, int cudaDriverVersion, int cudaRuntimeVersion) {
        this.index = index;
        this.name = Objects.requireNonNull(name, "name").trim();
        this.computeMajor = computeMajor;
        this.computeMinor = computeMinor;
        this.totalMemory = totalMemory;
        this.integrated = integrated;
        this.tensorRtVersion = Objects.requireNonNull(tensorRtVersion, "tensorRtVersion");
        this.cudaDriverVersion = cudaDriverVersion;
        this.cudaRuntimeVersion = cudaRuntimeVersion;
    }

    int index() {
        return index;
    }

    String name() {
        return name;
    }

    /** @return compute capability as {@code major.minor}, such as {@code 8.7} */
    String computeCapability() {
        return computeMajor + "." + computeMinor;
    }

    long totalMemory() {
        return totalMemory;
    }

    boolean integrated() {
        return integrated;
    }

    String tensorRtVersion() {
        return tensorRtVersion;
    }

    /**
     * @param cudaVersion a CUDA version as CUDA encodes it (1000 x major + 10 x minor)
     * @return it as {@code major.minor}
     */
    static String cudaVersion(int cudaVersion) {
        return (cudaVersion / 1000) + "." + (cudaVersion % 1000 / 10);
    }

    @Override
    public String toString() {
        return "GPU " + index + " " + name + " (sm " + computeCapability() + ", " + (totalMemory >> 20) + " MiB"
                + (integrated ? ", integrated" : "") + "), TensorRT " + tensorRtVersion + ", CUDA driver "
                + cudaVersion(cudaDriverVersion) + ", runtime " + cudaVersion(cudaRuntimeVersion);
    }
}
