package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YOLO txt labels on real photos (dog.jpg 768x576, person.jpg 640x424), Darknet and Ultralytics layouts. */
class YoloReaderTest {
    @TempDir
    Path dir;

    @Test
    void darknetLayoutWithClassesTxt() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
        TempPhotos.copy("person.jpg", dir, "person.jpg");
        TempPhotos.write(dir.resolve("classes.txt"), "person\ndog\n\n");
        TempPhotos.write(dir.resolve("dog.txt"), "1 0.5 0.5 0.25 0.5\n\n0 0.125 0.25 0.25 0.5\n");

        LabelSet set = new YoloReader(dir, null).read();

        assertThat(set.classNames()).containsExactly("person", "dog");
        assertThat(set.images()).hasSize(2);
        // cx 0.5 * 768 = 384, w 0.25 * 768 = 192 -> 288..480; cy 0.5 * 576 = 288, h 288 -> 144..432
        assertThat(set.images().get(0).boxes()).containsExactly(new Box(288, 144, 480, 432, 1, "dog"),
                new Box(0, 0, 192, 288, 0, "person"));
        // person.jpg has no label file: a labelled negative
        assertThat(set.images().get(1).boxes()).isEmpty();
        assertThat(set.images().get(1).width()).isEqualTo(640);
    }

    @Test
    void ultralyticsLayoutWithDataYamlNames() throws Exception {
        TempPhotos.copy("person.jpg", dir.resolve("images/train"), "a.jpg");
        TempPhotos.write(dir.resolve("labels/train/a.txt"), "2 0.5 0.5 1 1\n");
        TempPhotos.write(dir.resolve("data.yaml"), "path: .\ntrain: images/train\nnames:\n  0: person\n"
                + "  1: bicycle\n  2: car\n");

        LabelSet set = new YoloReader(dir, null).read();

        assertThat(set.classNames()).containsExactly("person", "bicycle", "car");
        assertThat(set.images().get(0).boxes()).containsExactly(new Box(0, 0, 640, 424, 2, "car"));

        TempPhotos.write(dir.resolve("data.yaml"), "names: [person, 'bi cycle', car]\n");
        assertThat(new YoloReader(dir, null).read().classNames()).containsExactly("person", "bi cycle", "car");

        TempPhotos.write(dir.resolve("data.yaml"), "names:\n  0: person\n  2: car\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("data.yaml, names: '1'").hasMessageContaining("class index 1 is missing");
    }

    @Test
    void badLinesAreRefusedWithLineFieldAndValue() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
        TempPhotos.write(dir.resolve("classes.txt"), "person\ndog\n");
        Path label = dir.resolve("dog.txt");

        TempPhotos.write(label, "1 0.5 0.5 0.25 0.5\n5 0.5 0.5 0.1 0.1\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOfSatisfying(LabelException.class, e -> {
                    assertThat(e.file()).isEqualTo(label.toAbsolutePath().normalize());
                    assertThat(e.where()).isEqualTo("line 2, field 1 (class)");
                    assertThat(e.value()).isEqualTo("5");
                })
                .hasMessageContaining("unknown class id").hasMessageContaining("0 to 1");

        TempPhotos.write(label, "1 0.5 0.5 0.25\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("line 1: '1 0.5 0.5 0.25'").hasMessageContaining("found 4 fields");

        TempPhotos.write(label, "1 0.5 abc 0.25 0.5\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("line 1, field 3 (cy): 'abc'").hasMessageContaining("not a number");

        TempPhotos.write(label, "1 384 288 192 288\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("field 2 (cx): '384'").hasMessageContaining("pixel coordinates");

        TempPhotos.write(label, "1 0.9 0.5 0.5 0.5\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("line 1: '1 0.9 0.5 0.5 0.5'").hasMessageContaining("outside the 768x576");

        TempPhotos.write(label, "1 0.1 0.1 0.2 0.1 0.2 0.2\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class).hasMessageContaining("segmentation polygon");
    }

    @Test
    void labelWithoutImageAndMissingClassesAreRefused() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
        TempPhotos.write(dir.resolve("dog.txt"), "0 0.5 0.5 0.25 0.5\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOf(LabelException.class).hasMessageContaining("no class names file")
                .hasMessageContaining("classes.txt");

        TempPhotos.write(dir.resolve("obj.names"), "dog\n");
        TempPhotos.write(dir.resolve("cat.txt"), "0 0.5 0.5 0.25 0.5\n");
        assertThatThrownBy(() -> new YoloReader(dir, null).read())
                .isInstanceOfSatisfying(LabelException.class,
                        e -> assertThat(e.file()).isEqualTo(dir.resolve("cat.txt").toAbsolutePath().normalize()))
                .hasMessageContaining("no image has this label file's name");
    }
}
