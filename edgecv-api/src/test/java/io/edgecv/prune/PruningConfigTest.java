package io.edgecv.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pruning settings' defaults and the checks in their setters, with the messages users see. */
class PruningConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        PruningConfig c = PruningConfig.builder().build();
        assertThat(c.mode()).isEqualTo(PruningMode.STRUCTURED);
        assertThat(c.scope()).isEqualTo(RatioScope.GLOBAL);
        assertThat(c.roundTo()).isEqualTo(8);
        assertThat(c.recovery()).isTrue();
        assertThat(c.ridge()).isEqualTo(1e-3);
        assertThat(c.sensitivityImages()).isEqualTo(8);
        assertThat(PruningConfig.builder().optImportance(Importance.ACTIVATION).build().toString())
                .contains("sensitivity on 8 images");
        assertThat(PruningConfig.builder().optSensitivityImages(0).build().sensitivityImages()).isZero();
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> PruningConfig.builder().optSensitivityImages(1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1001");
        assertThatThrownBy(() -> PruningConfig.builder().optRidge(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ridge must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> PruningConfig.builder().optRatio(0.95)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.95");
        Path p = Path.of("a.jpg");
        assertThatThrownBy(() -> PruningConfig.builder().optCalibrationImages(List.of(p))
                .optEvaluationImages(List.of(p)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("also a calibration image");
    }
}
