package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COCO instances JSON on real photos (dog.jpg 768x576, person.jpg 640x424) in the usual folder layout. */
class CocoReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void photos() throws Exception {
        TempPhotos.copy("dog.jpg", dir.resolve("val2017"), "000000000001.jpg");
        TempPhotos.copy("person.jpg", dir.resolve("val2017"), "000000000002.jpg");
    }

    private Path instances(String images, String annotations) throws Exception {
        return TempPhotos.write(dir.resolve("annotations/instances_val2017.json"), "{\n"
                + "\"images\": [" + images + "],\n"
                + "\"annotations\": [" + annotations + "],\n"
                + "\"categories\": [{\"id\": 18, \"name\": \"dog\"}, {\"id\": 1, \"name\": \"person\"},"
                + " {\"id\": 2, \"name\": \"bicycle\"}]\n}\n");
    }

    private static final String IMAGES = "{\"id\": 1, \"file_name\": \"000000000001.jpg\", \"width\": 768, "
            + "\"height\": 576}, {\"id\": 2, \"file_name\": \"000000000002.jpg\", \"width\": 640, \"height\": 424}";

    @Test
    void readsBoxesWithCategoriesInIdOrder() throws Exception {
        Path json = instances(IMAGES,
                "{\"id\": 10, \"image_id\": 1, \"category_id\": 18, \"bbox\": [124.5, 223, 200, 317.25]},"
                        + "{\"id\": 11, \"image_id\": 1, \"category_id\": 2, \"bbox\": [0, 0, 768, 576]},"
                        + "{\"id\": 12, \"image_id\": 2, \"category_id\": 1, \"bbox\": [10, 20, 30, 40], "
                        + "\"iscrowd\": 1}");

        LabelSet set = new CocoReader(json, null).read();

        assertThat(set.classNames()).containsExactly("person", "bicycle", "dog"); // ids 1, 2, 18
        assertThat(set.images()).hasSize(2);
        LabelledImage dog = set.images().get(0);
        assertThat(dog.image()).isEqualTo(dir.resolve("val2017/000000000001.jpg").toAbsolutePath().normalize());
        assertThat(dog.boxes()).containsExactly(new Box(124.5f, 223, 324.5f, 540.25f, 2, "dog"),
                new Box(0, 0, 768, 576, 1, "bicycle"));
        // the crowd annotation is left out; the image stays, as a labelled negative
        assertThat(set.images().get(1).boxes()).isEmpty();
        assertThat(set.images().get(1).width()).isEqualTo(640);
    }

    @Test
    void unknownCategoryAndImageIdsAreRefused() throws Exception {
        Path json = instances(IMAGES, "{\"id\": 10, \"image_id\": 1, \"category_id\": 3, \"bbox\": [1, 2, 3, 4]}");
        assertThatThrownBy(() -> new CocoReader(json, null).read())
                .isInstanceOfSatisfying(LabelException.class, e -> {
                    assertThat(e.file()).isEqualTo(json.toAbsolutePath().normalize());
                    assertThat(e.where()).isEqualTo("annotations[0].category_id");
                    assertThat(e.value()).isEqualTo("3");
                })
                .hasMessageContaining("unknown category").hasMessageContaining("[1, 2, 18]");

        Path json2 = instances(IMAGES, "{\"id\": 10, \"image_id\": 7, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}");
        assertThatThrownBy(() -> new CocoReader(json2, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("annotations[0].image_id: '7'").hasMessageContaining("no image has this id");
    }

    @Test
    void boxOutsideTheImageAndMalformedBoxesAreRefused() throws Exception {
        Path json = instances(IMAGES, "{\"id\": 10, \"image_id\": 2, \"category_id\": 1, \"bbox\": [600, 2, 50, 4]}");
        assertThatThrownBy(() -> new CocoReader(json, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("annotations[0].bbox: '[600,2,50,4]'")
                .hasMessageContaining("outside the 640x424 image");

        Path json2 = instances(IMAGES, "{\"id\": 10, \"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 2, 3]}");
        assertThatThrownBy(() -> new CocoReader(json2, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("annotations[0].bbox").hasMessageContaining("[x, y, width, height]");

        Path json3 = instances(IMAGES, "{\"id\": 10, \"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 2, 0, 4]}");
        assertThatThrownBy(() -> new CocoReader(json3, null).read())
                .isInstanceOf(LabelException.class).hasMessageContaining("is empty");
    }

    @Test
    void missingImageWrongSizeAndBrokenJsonAreRefused() throws Exception {
        Path json = instances("{\"id\": 1, \"file_name\": \"nope.jpg\", \"width\": 768, \"height\": 576}", "");
        assertThatThrownBy(() -> new CocoReader(json, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("images[0].file_name").hasMessageContaining("nope.jpg")
                .hasMessageContaining("does not exist");

        Path json2 = instances("{\"id\": 1, \"file_name\": \"000000000001.jpg\", \"width\": 640, \"height\": 576}",
                "");
        assertThatThrownBy(() -> new CocoReader(json2, null).read())
                .isInstanceOf(LabelException.class)
                .hasMessageContaining("images[0].width/height: '640x576'").hasMessageContaining("is 768x576");

        Path json3 = TempPhotos.write(dir.resolve("broken.json"), "{\n\"images\": [\n{\"id\": 1,,}\n]}");
        assertThatThrownBy(() -> new CocoReader(json3, null).read())
                .isInstanceOfSatisfying(LabelException.class, e -> assertThat(e.where()).isEqualTo("line 3"))
                .hasMessageContaining("not valid JSON");

        Path json4 = TempPhotos.write(dir.resolve("captions.json"), "{\"images\": [], \"annotations\": []}");
        assertThatThrownBy(() -> new CocoReader(json4, null).read())
                .isInstanceOf(LabelException.class).hasMessageContaining("categories");
    }
}
