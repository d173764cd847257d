package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pascal VOC XML on a real photo (dog.jpg, 768x576), boxes checked against the hand-converted corners. */
class VocReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void photos() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
    }

    private static String xml(String filename, String size, String objects) {
        return "<?xml version=\"1.0\"?>\n"
                + "<annotation>\n"
                + "  <folder>VOC2012</folder>\n"
                + "  <filename>" + filename + "</filename>\n"
                + size
                + objects
                + "</annotation>\n";
    }

    private static String size(int w, int h) {
        return "  <size>\n    <width>" + w + "</width>\n    <height>" + h + "</height>\n    <depth>3</depth>\n"
                + "  </size>\n";
    }

    private static String object(String name, String xmin, String ymin, String xmax, String ymax) {
        return "  <object>\n    <name>" + name + "</name>\n    <difficult>0</difficult>\n    <bndbox>\n"
                + "      <xmin>" + xmin + "</xmin>\n      <ymin>" + ymin + "</ymin>\n"
                + "      <xmax>" + xmax + "</xmax>\n      <ymax>" + ymax + "</ymax>\n    </bndbox>\n  </object>\n";
    }

    @Test
    void readsBoxesAsContinuousCornersFromOneBasedPixels() throws Exception {
        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(768, 576),
                object("dog", "125", "224", "324", "540") + object("bicycle", "1", "1", "768", "576")));

        LabelSet set = new VocReader(dir, null).read();

        assertThat(set.format()).isEqualTo(LabelFormat.VOC);
        assertThat(set.classNames()).containsExactly("bicycle", "dog"); // sorted
        assertThat(set.images()).hasSize(1);
        LabelledImage img = set.images().get(0);
        assertThat(img.image()).isEqualTo(dir.resolve("dog.jpg").toAbsolutePath().normalize());
        assertThat(img.width()).isEqualTo(768);
        assertThat(img.height()).isEqualTo(576);
        // VOC pixel 125..324 inclusive (1-based) = continuous 124..324
        assertThat(img.boxes()).containsExactly(
                new Box(124, 223, 324, 540, 1, "dog"),
                new Box(0, 0, 768, 576, 0, "bicycle"));
        assertThat(img.normalisedBoxes().get(1)).isEqualTo(new Box(0, 0, 1, 1, 0, "bicycle"));
        assertThat(img.normalisedBoxes().get(0).x1()).isEqualTo(124f / 768f);
    }

    @Test
    void givenClassListFixesTheIndicesAndRefusesOtherNames() throws Exception {
        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(768, 576),
                object("dog", "125", "224", "324", "540") + object("cat", "10", "10", "50", "50")));

        assertThat(new VocReader(dir, List.of("cat", "x", "dog")).read().images().get(0).boxes())
                .extracting(Box::classIndex).containsExactly(2, 0);
        assertThatThrownBy(() -> new VocReader(dir, List.of("dog")).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("dog.xml").hasMessageContaining("line 21 <name>")
                .hasMessageContaining("'cat'").hasMessageContaining("unknown class");
    }

    @Test
    void missingImageIsNamedWithTheLabelFile() throws Exception {
        TempPhotos.write(dir.resolve("cat.xml"), xml("cat.jpg", size(768, 576),
                object("cat", "125", "224", "324", "540")));

        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOfSatisfying(LabelException.class, e -> {
                    assertThat(e.file()).isEqualTo(dir.resolve("cat.xml").toAbsolutePath().normalize());
                    assertThat(e.where()).isEqualTo("line 4 <filename>");
                    assertThat(e.value()).endsWith("cat.jpg");
                })
                .hasMessageContaining("does not exist").hasMessageContaining("put the image there");
    }

    @Test
    void boxOutsideTheImageIsRefused() throws Exception {
        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(768, 576),
                object("dog", "125", "224", "800", "540")));

        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOfSatisfying(LabelException.class, e -> {
                    assertThat(e.where()).isEqualTo("line 13 <bndbox>");
                    assertThat(e.value()).isEqualTo("125, 224, 800, 540");
                })
                .hasMessageContaining("outside the 768x576 image");
    }

    @Test
    void malformedValuesAndFilesAreRefusedWithTheirPlace() throws Exception {
        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(768, 576),
                object("dog", "12x", "224", "324", "540")));
        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("<xmin>: '12x'").hasMessageContaining("is not a number");

        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(640, 480), object("dog", "1", "1", "9", "9")));
        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("line 5 <size>: '640x480'").hasMessageContaining("is 768x576");

        TempPhotos.write(dir.resolve("dog.xml"), "<annotation>\n<filename>dog.jpg</filename>\n<object>\n");
        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("dog.xml").hasMessageContaining("not well-formed XML");

        TempPhotos.write(dir.resolve("dog.xml"), xml("dog.jpg", size(768, 576),
                object("dog", "300", "224", "200", "540")));
        assertThatThrownBy(() -> new VocReader(dir, null).read())
                .isInstanceOf(LabelException.class).hasMessageContaining("is empty");
    }

    @Test
    void findsTheImageByBaseNameOrInTheDevkitLayout() throws Exception {
        Path devkit = dir.resolve("VOC2012");
        TempPhotos.copy("person.jpg", devkit.resolve("JPEGImages"), "2008_000001.jpg");
        TempPhotos.write(devkit.resolve("Annotations/2008_000001.xml"), xml("2008_000001.jpg", size(640, 424),
                object("person", "1", "1", "640", "424")));

        LabelSet set = new VocReader(devkit.resolve("Annotations"), null).read();

        assertThat(set.images().get(0).image()).isEqualTo(devkit.resolve("JPEGImages/2008_000001.jpg")
                .toAbsolutePath().normalize());
        assertThat(set.images().get(0).boxes()).containsExactly(new Box(0, 0, 640, 424, 0, "person"));
    }
}
