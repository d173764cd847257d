package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.nms.NmsKind;
import io.edgecv.onnx.OnnxBackendProvider;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.Backends;
import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The whole pipeline, {@code Detector.builder().optBackend("ncnn")}, on the PP-OCR text detector, against ONNX. */
class DetectorOnNcnnTest {
    private static final Preprocessing PP_OCR = Preprocessing.builder().setSize(640, 352)
            .optResize(ResizeMode.STRETCH).optChannels(ChannelOrder.BGR)
            .optNormalize(new float[] {0.485f * 255, 0.456f * 255, 0.406f * 255},
                    new float[] {0.229f * 255, 0.224f * 255, 0.225f * 255})
            .optLayout(TensorLayout.NCHW).build();

    @Test
    void findsTheSameTextRegionsAsOnnxRuntime() throws Exception {
        NcnnTesting.requireNcnn();
        Assumptions.assumeTrue(Backends.availability(new OnnxBackendProvider()).isAvailable(), "ONNX Runtime");
        ImageInput photo = ImageInput.read(Fixtures.image("messi5.jpg"));
        List<Detection> ncnn = detect(NcnnTesting.detector(), "ncnn", photo);
        List<Detection> onnx = detect(NcnnTesting.model(NcnnTesting.DET_ONNX), "onnx", photo);
        System.err.println("ncnn text regions: " + ncnn);
        assertThat(ncnn).isNotEmpty().hasSameSizeAs(onnx);
        for (int i = 0; i < ncnn.size(); i++) {
            Detection a = ncnn.get(i);
            Detection b = onnx.get(i);
            assertThat(a.left()).isCloseTo(b.left(), org.assertj.core.data.Offset.offset(0.5f));
            assertThat(a.top()).isCloseTo(b.top(), org.assertj.core.data.Offset.offset(0.5f));
            assertThat(a.right()).isCloseTo(b.right(), org.assertj.core.data.Offset.offset(0.5f));
            assertThat(a.bottom()).isCloseTo(b.bottom(), org.assertj.core.data.Offset.offset(0.5f));
            assertThat(a.score()).isCloseTo(b.score(), org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void askingForVulkanFromACpuBuildSaysHowToGetIt() throws Exception {
        NcnnRuntime rt = NcnnTesting.requireNcnn();
        Assumptions.assumeFalse(rt.hasVulkan(), "this libncnn has Vulkan");
        assertThatThrownBy(() -> Detector.builder().setModel(NcnnTesting.detector()).optBackend("ncnn")
                .optBackendProperty("ncnn.vulkan", "true").optDecoder(new TextRegionDecoder())
                .optPreprocessing(PP_OCR).build())
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("-DNCNN_VULKAN=ON");
    }

    private static List<Detection> detect(Path model, String backend, ImageInput photo) throws Exception {
        try (Detector d = Detector.builder().setModel(model).optBackend(backend).optThreads(1)
                .optDecoder(new TextRegionDecoder()).optNms(NmsKind.NONE).optPreprocessing(PP_OCR)
                .optConfidence(0.5f).build()) {
            d.detect(photo);
            return d.detect(photo);
        }
    }
}
