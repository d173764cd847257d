package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cudart.cudaErrorStubLibrary;
import static org.bytedeco.cuda.global.cudart.cudaErrorSystemDriverMismatch;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorName;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.tensorrt.global.nvinfer.NV_TENSORRT_MAJOR;
import static org.bytedeco.tensorrt.global.nvinfer.NV_TENSORRT_MINOR;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibBuildVersion;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibMajorVersion;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibMinorVersion;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibPatchVersion;
import static org.bytedeco.tensorrt.global.nvonnxparser.getNvOnnxParserVersion;

import io.edgecv.EdgeCvException;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.BytePointer;

/**
 * CUDA runtime calls the backend needs beyond TensorRT: status checks that become exceptions, and the description
 * of a device. The first use loads the CUDA bindings; call only after {@link TensorRtProbe} found the libraries.
 *
 * <p>Thread-safety: stateless.
 */
final class Cuda {
    private Cuda() {
    }

    /**
     * @param status a {@code cudaError_t}
     * @param call what was called, such as {@code cudaMemcpyAsync}
     * @throws EdgeCvException if {@code status} is not {@code cudaSuccess}
     */
    static void check(int status, String call) throws EdgeCvException {
        if (status != cudaSuccess) {
            throw new EdgeCvException(call + " failed: " + describe(status));
        }
    }

    /**
     * @param status a {@code cudaError_t}
     * @return its name and CUDA's explanation, such as {@code cudaErrorMemoryAllocation (out of memory)}
     */
    static String describe(int status) {
        BytePointer name = cudaGetErrorName(status);
        BytePointer text = cudaGetErrorString(status);
        return (name == null ? "cudaError " + status : name.getString()) + " ("
                + (text == null ? "no description" : text.getString()) + ")";
    }

    /**
     * Describes a GPU and checks that the loaded TensorRT is the major version the bindings were built for. Loads
     * the CUDA, cuBLAS, cuDNN, NVRTC, TensorRT and ONNX parser bindings.
     *
     * @param index CUDA device index
     * @return the device
     * @throws TensorRtProbe.ProbeFailure saying what is wrong (no device, old driver, wrong TensorRT)
     */
    static DeviceInfo describeDevice(int index) {
        int[] v = new int[1];
        int driver = cudaDriverGetVersion(v) == cudaSuccess ? v[0] : 0;
        int runtime = cudaRuntimeGetVersion(v) == cudaSuccess ? v[0] : 0;
        int status = cudaGetDeviceCount(v);
        if (status != cudaSuccess) {
            String versions = " (driver supports CUDA " + DeviceInfo.cudaVersion(driver) + ", runtime is CUDA "
                    + DeviceInfo.cudaVersion(runtime) + ")";
            if (status == cudaErrorStubLibrary || driver == 0) {
                throw new TensorRtProbe.ProbeFailure("libcuda.so.1 was found but is not a working NVIDIA driver ("
                        + describe(status) + "): it is probably the CUDA toolkit's stub library or a broken driver"
                        + " install. Install the NVIDIA driver (R580 or newer; JetPack 7 on a Jetson) and make sure"
                        + " no stubs folder is on LD_LIBRARY_PATH");
            }
            if (status == cudaErrorInsufficientDriver) {
                throw new TensorRtProbe.ProbeFailure("the NVIDIA driver is too old for the CUDA 13 runtime" + versions
                        + ": install driver R580 or newer (JetPack 7 on a Jetson)");
            }
            if (status == cudaErrorSystemDriverMismatch) {
                throw new TensorRtProbe.ProbeFailure("the NVIDIA kernel module and libcuda.so.1 are different driver"
                        + " versions" + versions + ": reboot after a driver update, or reinstall the driver");
            }
            if (status == cudaErrorNoDevice) {
                throw new TensorRtProbe.ProbeFailure("the NVIDIA driver sees no GPU" + versions + ": check nvidia-smi;"
                        + " in a container, start it with the NVIDIA container runtime (--gpus all)");
            }
            throw new TensorRtProbe.ProbeFailure("CUDA cannot list the GPUs: " + describe(status) + versions);
        }
        int count = v[0];
        if (count == 0) {
            throw new TensorRtProbe.ProbeFailure("CUDA reports no GPU: check nvidia-smi");
        }
        if (index >= count) {
            throw new TensorRtProbe.ProbeFailure(TensorRtOptions.DEVICE + "=" + index + " but CUDA sees " + count
                    + " GPU(s), numbered from 0");
        }
        String name;
        int major;
        int minor;
        long memory;
        boolean integrated;
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            status = cudaGetDeviceProperties(prop, index);
            if (status != cudaSuccess) {
                throw new TensorRtProbe.ProbeFailure("cudaGetDeviceProperties(" + index + ") failed: "
                        + describe(status));
            }
            name = prop.name().getString();
            major = prop.major();
            minor = prop.minor();
            memory = prop.totalGlobalMem();
            integrated = prop.integrated() != 0;
        }
        int trtMajor = getInferLibMajorVersion();
        String trt = trtMajor + "." + getInferLibMinorVersion() + "." + getInferLibPatchVersion() + "."
                + getInferLibBuildVersion();
        String accepted = System.getProperty(TrtAbi.ACCEPT);
        String refused = TrtAbi.refusal(trtMajor, getInferLibMinorVersion(), trt, NV_TENSORRT_MAJOR,
                NV_TENSORRT_MINOR, accepted, "libnvinfer");
        // also loads the ONNX parser's bindings, so a missing parser shows here
        int parser = getNvOnnxParserVersion();
        if (refused == null) {
            refused = TrtAbi.refusal(parser / 10000, parser / 100 % 100, TrtAbi.parserMajorMinor(parser) + "."
                    + parser % 100, NV_TENSORRT_MAJOR, NV_TENSORRT_MINOR, accepted, "libnvonnxparser");
        }
        if (refused != null) {
            throw new TensorRtProbe.ProbeFailure(refused);
        }
        return new DeviceInfo(index, name, major, minor, memory, integrated, trt, driver, runtime);
    }
}
