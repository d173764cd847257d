package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format is told from what a folder holds; ambiguous and empty folders are refused. */
class LabelReadersTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormat() throws Exception {
        Path voc = dir.resolve("voc");
        TempPhotos.copy("dog.jpg", voc, "dog.jpg");
        TempPhotos.write(voc.resolve("dog.xml"), "<annotation><filename>dog.jpg</filename><object><name>dog</name>"
                + "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax></bndbox></object></annotation>");
        assertThat(LabelReaders.detect(voc).format()).isEqualTo(LabelFormat.VOC);
        assertThat(LabelReaders.detect(voc).read().boxCount()).isEqualTo(1);

        Path yolo = dir.resolve("yolo");
        TempPhotos.copy("dog.jpg", yolo, "dog.jpg");
        TempPhotos.write(yolo.resolve("dog.txt"), "0 0.5 0.5 0.5 0.5\n");
        TempPhotos.write(yolo.resolve("classes.txt"), "dog\n");
        assertThat(LabelReaders.detect(yolo).format()).isEqualTo(LabelFormat.YOLO);

        Path coco = dir.resolve("coco");
        TempPhotos.copy("dog.jpg", coco.resolve("images"), "dog.jpg");
        Path json = TempPhotos.write(coco.resolve("annotations/instances_train.json"), "{\"images\": [{\"id\": 1, "
                + "\"file_name\": \"dog.jpg\", \"width\": 768, \"height\": 576}], \"annotations\": [], "
                + "\"categories\": [{\"id\": 1, \"name\": \"dog\"}]}");
        LabelReader r = LabelReaders.detect(coco);
        assertThat(r.format()).isEqualTo(LabelFormat.COCO);
        assertThat(r.source()).isEqualTo(json.toAbsolutePath().normalize());
        assertThat(r.read().images()).hasSize(1);
        assertThat(LabelReaders.detect(json).format()).isEqualTo(LabelFormat.COCO);
    }

    @Test
    void refusesFoldersWithNoneOrSeveralFormats() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
        assertThatThrownBy(() -> LabelReaders.detect(dir))
                .isInstanceOf(LabelException.class).hasMessageContaining("holds no labels");

        TempPhotos.write(dir.resolve("dog.txt"), "0 0.5 0.5 0.5 0.5\n");
        assertThatThrownBy(() -> LabelReaders.detect(dir))
                .isInstanceOf(LabelException.class).hasMessageContaining("no classes file");

        TempPhotos.write(dir.resolve("classes.txt"), "dog\n");
        TempPhotos.write(dir.resolve("dog.xml"), "<annotation><filename>dog.jpg</filename></annotation>");
        assertThatThrownBy(() -> LabelReaders.detect(dir))
                .isInstanceOf(LabelException.class).hasMessageContaining("more than one label format [VOC, YOLO]");
        assertThat(LabelReaders.open(dir, LabelFormat.YOLO).read().boxCount()).isEqualTo(1);
    }
}
