package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact TensorRT version is checked wherever EdgeCV relies on TensorRT's binary layout. */
class TrtAbiTest {
    @Test
    void theBindingsVersionIsAcceptedWhateverItsPatch() {
        assertThat(TrtAbi.refusal(11, 2, "11.2.1.4", 11, 2, null, "libnvinfer")).isNull();
        assertThat(TrtAbi.refusal(11, 2, "11.2.7.1", 11, 2, null, "libnvinfer")).isNull();
        assertThat(TrtAbi.parserDeleteSlot("11.2")).hasValue(7);
    }

    /** JetPack 7.2.2's TensorRT 11.4.1: same major, unverified layout. */
    @Test
    void anotherMinorIsRefusedNamingWhatToDo() {
        String why = TrtAbi.refusal(11, 4, "11.4.1.0", 11, 2, null, "libnvinfer");
        assertThat(why).contains("TensorRT 11.4.1.0").contains("install TensorRT 11.2.x")
                .contains("-D" + TrtAbi.ACCEPT + "=11.4");
        assertThat(TrtAbi.parserDeleteSlot("11.4")).isEmpty();
    }

    @Test
    void aUserCheckedMinorIsAcceptedButNoOtherAndNeverAnotherMajor() {
        assertThat(TrtAbi.refusal(11, 4, "11.4.1.0", 11, 2, "11.4", "libnvinfer")).isNull();
        assertThat(TrtAbi.refusal(11, 5, "11.5.0.0", 11, 2, "11.4", "libnvinfer")).isNotNull();
        assertThat(TrtAbi.refusal(10, 2, "10.2.0.0", 11, 2, "10.2", "libnvinfer")).contains("another major");
        assertThat(TrtAbi.refusal(12, 0, "12.0.0.1", 11, 2, null, "libnvonnxparser"))
                .contains("libnvonnxparser").contains("12.0.0.1");
    }

    @Test
    void parserVersionNumbersSplitAsNvOnnxParserVersionDefinesThem() {
        assertThat(TrtAbi.parserMajorMinor(110201)).isEqualTo("11.2");
        assertThat(TrtAbi.parserMajorMinor(110401)).isEqualTo("11.4");
    }
}
