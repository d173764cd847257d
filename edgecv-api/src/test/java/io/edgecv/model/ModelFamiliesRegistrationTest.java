package io.edgecv.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.decode.blazeface.BlazeFaceFamily;
import io.edgecv.decode.ssd.SsdFamily;
import io.edgecv.decode.yolo.YoloEnd2EndFamily;
import io.edgecv.decode.yolo.YoloV5Family;
import io.edgecv.decode.yolo.YoloV8Family;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built-in families come from edgecv-api's own {@code META-INF/services} file, first and in its order. */
class ModelFamiliesRegistrationTest {
    @Test
    void builtInFamiliesAreListedInServicesAndComeFirstInOrder() throws Exception {
        List<Class<?>> expected = List.of(SsdFamily.class, BlazeFaceFamily.class, YoloV8Family.class,
                YoloV5Family.class, YoloEnd2EndFamily.class);
        List<Class<?>> loaded = ModelFamilies.all().stream().limit(expected.size())
                .map(Object::getClass).collect(Collectors.toList());
        assertThat(loaded).isEqualTo(expected);

        // read independently of ServiceLoader: the services file of edgecv-api names them all
        try (InputStream in = ModelFamilies.class.getResourceAsStream("/META-INF/services/" + ModelFamily.class
                .getName())) {
            assertThat(in).as("edgecv-api's services file").isNotNull();
            List<String> listed = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
            assertThat(listed).containsExactlyElementsOf(expected.stream().map(Class::getName)
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void familyNamesAreUnique() {
        List<String> names = ModelFamilies.all().stream().map(ModelFamily::name).collect(Collectors.toList());
        assertThat(names).doesNotHaveDuplicates().contains("yolov8", "yolov5", "yolo-end2end");
    }
}
