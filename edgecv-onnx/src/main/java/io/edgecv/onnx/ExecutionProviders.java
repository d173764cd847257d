package io.edgecv.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.edgecv.BackendUnavailableException;
import io.edgecv.spi.BackendOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adds the execution providers named in {@code onnx.providers} to ONNX Runtime session options, checking first
 * that the loaded ONNX Runtime build has each one.
 *
 * <p>Thread-safety: stateless.
 */
final class ExecutionProviders {
    private ExecutionProviders() {
    }

    static List<String> configure(OrtSession.SessionOptions opts, BackendOptions options)
            throws OrtException, BackendUnavailableException {
        String spec = options.property("onnx.providers", "CPU");
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        List<String> added = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            OrtProvider provider = provider(name);
            if (!available.contains(provider)) {
                throw new BackendUnavailableException("ONNX Runtime execution provider " + name
                        + " is not in the loaded ONNX Runtime build (it has " + available + "). " + install(name));
            }
            add(opts, provider, options);
            added.add(name);
        }
        return added;
    }

    private static OrtProvider provider(String name) throws BackendUnavailableException {
        switch (name) {
            case "CPU": return OrtProvider.CPU;
            case "CUDA": return OrtProvider.CUDA;
            case "TENSORRT": return OrtProvider.TENSOR_RT;
            case "OPENVINO": return OrtProvider.OPEN_VINO;
            case "COREML": return OrtProvider.CORE_ML;
            case "NNAPI": return OrtProvider.NNAPI;
            case "DNNL": return OrtProvider.DNNL;
            case "XNNPACK": return OrtProvider.XNNPACK;
            case "ROCM": return OrtProvider.ROCM;
            case "DIRECTML": return OrtProvider.DIRECT_ML;
            case "ACL": return OrtProvider.ACL;
            case "QNN": return OrtProvider.QNN;
            default:
                throw new BackendUnavailableException("unknown ONNX Runtime execution provider '" + name
                        + "' in onnx.providers; use CPU, CUDA, TENSORRT, OPENVINO, COREML, NNAPI, DNNL, XNNPACK,"
                        + " ROCM, DIRECTML, ACL or QNN");
        }
    }

    private static void add(OrtSession.SessionOptions opts, OrtProvider p, BackendOptions o) throws OrtException {
        switch (p) {
            case CPU: return; // always last, always there
            case CUDA: opts.addCUDA(Integer.parseInt(o.property("onnx.cuda.device", "0"))); return;
            case TENSOR_RT: opts.addTensorrt(Integer.parseInt(o.property("onnx.tensorrt.device", "0"))); return;
            case OPEN_VINO: opts.addOpenVINO(o.property("onnx.openvino.device", "CPU")); return;
            case CORE_ML: opts.addCoreML(); return;
            case NNAPI: opts.addNnapi(); return;
            case DNNL: opts.addDnnl(true); return;
            case XNNPACK:
                opts.addXnnpack(Map.of("intra_op_num_threads", String.valueOf(Math.max(1, o.threads()))));
                return;
            case ROCM: opts.addROCM(); return;
            case DIRECT_ML: opts.addDirectML(0); return;
            case ACL: opts.addACL(true); return;
            case QNN: opts.addQnn(Map.of()); return;
            default: throw new IllegalStateException("unhandled provider " + p);
        }
    }

    private static String install(String name) {
        switch (name) {
            case "CUDA":
            case "TENSORRT":
                return "Use com.microsoft.onnxruntime:onnxruntime_gpu (same version) instead of onnxruntime, on a"
                        + " machine with an NVIDIA driver, CUDA 12 and cuDNN 9" + ("TENSORRT".equals(name)
                        ? " and TensorRT 10 libraries on the library path" : "") + ".";
            case "OPENVINO":
            case "DNNL":
            case "ACL":
            case "ROCM":
                return "The published Java artifacts do not include " + name + "; build ONNX Runtime with --use_"
                        + name.toLowerCase(Locale.ROOT) + " --build_java and put that jar on the class path.";
            case "NNAPI":
            case "XNNPACK":
            case "QNN":
                return name + " ships in the Android package com.microsoft.onnxruntime:onnxruntime-android.";
            case "COREML":
                return "CoreML is in the macOS build of com.microsoft.onnxruntime:onnxruntime; run on macOS.";
            case "DIRECTML":
                return "DirectML needs a Windows build of ONNX Runtime with --use_dml.";
            default:
                return "";
        }
    }
}
