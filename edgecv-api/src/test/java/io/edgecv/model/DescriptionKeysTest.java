package io.edgecv.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt key in a description file is an error that lists the known keys of the family. */
class DescriptionKeysTest {
    @TempDir
    Path dir;

    /** A BlazeFace-shaped model (front 128: 512 + 384 anchors) with a description file beside it. */
    private ModelSignature blazeFace(String description) throws Exception {
        Path model = dir.resolve("face.onnx");
        Files.write(model, new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("face" + DescriptionFile.SUFFIX), description);
        return new ModelSignature(ModelSource.of(model),
                List.of(new TensorSpec("input", ElementType.FLOAT32, new long[] {1, 128, 128, 3})),
                List.of(new TensorSpec("s1", ElementType.FLOAT32, new long[] {1, 512, 1}),
                        new TensorSpec("s2", ElementType.FLOAT32, new long[] {1, 384, 1}),
                        new TensorSpec("r1", ElementType.FLOAT32, new long[] {1, 512, 16}),
                        new TensorSpec("r2", ElementType.FLOAT32, new long[] {1, 384, 16})), Map.of());
    }

    @Test
    void misspeltFamilyKeyListsTheKnownKeys() throws Exception {
        ModelSignature s = blazeFace("family = blazeface\nblazeface.stride = 8,16,16,16\n");
        assertThatThrownBy(() -> ModelFamilies.describe(s)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unknown key(s) [blazeface.stride]")
                .hasMessageContaining("blazeface.strides").hasMessageContaining("blazeface.anchors_per_layer")
                .hasMessageContaining("nms.iou");
    }

    @Test
    void misspeltGeneralKeyIsAnErrorToo() throws Exception {
        ModelSignature s = blazeFace("family = blazeface\ninput.widht = 128\n");
        assertThatThrownBy(() -> ModelFamilies.describe(s)).hasMessageContaining("[input.widht]");
        // another family's key is not one of blazeface's
        ModelSignature t = blazeFace("family = blazeface\nssd.min_scale = 0.2\n");
        assertThatThrownBy(() -> ModelFamilies.describe(t)).hasMessageContaining("[ssd.min_scale]");
    }

    @Test
    void knownKeysAreAccepted() throws Exception {
        ModelSignature s = blazeFace("family = blazeface\nblazeface.strides = 8,16,16,16\n"
                + "blazeface.anchors_per_layer = 2\nlabels.inline = palm\nconfidence = 0.6\n");
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.labels()).containsExactly("palm");
        assertThat(d.confidence()).isEqualTo(0.6f);
        assertThat(d.properties()).containsEntry("blazeface.strides", "8,16,16,16");
    }

    /** Every built-in family names its keys; the general ones are the documented list. */
    @Test
    void everyBuiltInFamilyNamesItsKeys() throws Exception {
        for (String f : List.of("ssd", "blazeface", "yolov5", "yolov8", "yolo-end2end")) {
            assertThat(ModelFamilies.byName(f).propertyKeys()).as(f).isNotEmpty()
                    .allMatch(k -> k.startsWith(f.startsWith("yolo") ? "yolo." : f + "."));
        }
        assertThat(DescriptionFile.GENERAL_KEYS).contains("family", "input.width", "labels", "nms", "confidence");
    }
}
