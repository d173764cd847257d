package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimisation profile of dynamic-shape models, planned from what TensorRT's network reports (the
 * {@link ProfilePlanner.Input}s {@link EngineBuilder} reads), without TensorRT: once a model with dynamic height
 * and width threw IllegalArgumentException in the builder, which the CPU fallback did not catch.
 */
class ProfilePlannerTest {
    private static final long[] DYNAMIC_HW = {1, 3, -1, -1};

    private static Map<String, long[][]> plan(List<ProfilePlanner.Input> in, ShapeProfile shapes,
                                              Map<String, String> meta) throws InvalidModelException {
        return ProfilePlanner.plan(in, shapes, meta, "model.onnx");
    }

    @Test
    void dynamicHeightAndWidthTakeTheMetadataImageSize() throws Exception {
        var p = plan(List.of(new ProfilePlanner.Input("images", new long[] {-1, 3, -1, -1}, false)),
                ShapeProfile.EMPTY, Map.of("imgsz", "[480, 640]"));
        assertThat(p).containsOnlyKeys("images");
        assertThat(p.get("images")).isDeepEqualTo(new long[][] {{1, 3, 480, 640}, {1, 3, 480, 640},
            {1, 3, 480, 640}});
    }

    @Test
    void nhwcInputsAndASingleImageSize() throws Exception {
        var p = plan(List.of(new ProfilePlanner.Input("x", new long[] {1, -1, -1, 3}, false)), ShapeProfile.EMPTY,
                Map.of("imgsz", "320"));
        assertThat(p.get("x")[1]).containsExactly(1, 320, 320, 3);
    }

    @Test
    void optionsWinOverMetadataAndGiveARange() throws Exception {
        ShapeProfile given = ShapeProfile.parse(null, "images:1x3x320x320", "images:1x3x640x640",
                "images:1x3x1280x1280");
        var p = plan(List.of(new ProfilePlanner.Input("images", DYNAMIC_HW, false)), given,
                Map.of("imgsz", "[480, 640]"));
        assertThat(p.get("images")).isDeepEqualTo(new long[][] {{1, 3, 320, 320}, {1, 3, 640, 640},
            {1, 3, 1280, 1280}});
    }

    @Test
    void onlyBatchDynamicBuildsForBatchOne() throws Exception {
        var p = plan(List.of(new ProfilePlanner.Input("in", new long[] {-1, 3, 300, 300}, false)),
                ShapeProfile.EMPTY, Map.of());
        assertThat(p.get("in")[2]).containsExactly(1, 3, 300, 300);
    }

    @Test
    void staticInputsNeedNoProfile() throws Exception {
        assertThat(plan(List.of(new ProfilePlanner.Input("in", new long[] {1, 3, 300, 300}, false)),
                ShapeProfile.EMPTY, Map.of("imgsz", "[640, 640]"))).isEmpty();
    }

    /** A checked, typed refusal (the detector may then try the next backend) naming the options to set. */
    @Test
    void dynamicWithoutShapesOrMetadataIsAnInvalidModelNamingTheOptions() {
        assertThatThrownBy(() -> plan(List.of(new ProfilePlanner.Input("images", DYNAMIC_HW, false)),
                ShapeProfile.EMPTY, Map.of("imgsz", "unknown")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("1x3x?x?").hasMessageContaining(TensorRtOptions.SHAPES + "=images:1x3x640x640")
                .hasMessageContaining(TensorRtOptions.MIN_SHAPES);
    }

    @Test
    void shapesThatDoNotFitOrNameNoInputAreRefused() {
        assertThatThrownBy(() -> plan(List.of(new ProfilePlanner.Input("images", DYNAMIC_HW, false)),
                ShapeProfile.parse("images:1x4x640x640", null, null, null), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("static dimension 1");
        assertThatThrownBy(() -> plan(List.of(new ProfilePlanner.Input("images", new long[] {1, 3, 64, 64}, false)),
                ShapeProfile.parse("other:1x3x64x64", null, null, null), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[other]");
        assertThatThrownBy(() -> plan(List.of(new ProfilePlanner.Input("shape", new long[] {2}, true)),
                ShapeProfile.EMPTY, Map.of())).isInstanceOf(InvalidModelException.class);
    }
}
