package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real labels: the 18 face boxes of the fixture's dlib {@code training.xml} (4 PASCAL VOC photos), written here as
 * Pascal VOC, COCO and YOLO files; each reader must give back dlib's boxes.
 */
class SameLabelsThreeFormatsTest {
    private static final Pattern IMAGE = Pattern.compile("<image file='([^']+)' width='(\\d+)' height='(\\d+)'>");
    private static final Pattern BOX =
            Pattern.compile("<box top='(\\d+)' left='(\\d+)' width='(\\d+)' height='(\\d+)'/>");

    @TempDir
    Path dir;

    /** One photo of the dlib file: name, size, boxes as {left, top, width, height} in pixels. */
    private record Face(String file, int width, int height, List<int[]> boxes) {
    }

    private static List<Face> dlibFaces() throws Exception {
        String xml = Files.readString(Fixtures.face("training.xml"), StandardCharsets.ISO_8859_1);
        List<Face> faces = new ArrayList<>();
        for (String chunk : xml.split("</image>")) {
            Matcher m = IMAGE.matcher(chunk);
            if (!m.find()) {
                continue;
            }
            List<int[]> boxes = new ArrayList<>();
            Matcher b = BOX.matcher(chunk);
            while (b.find()) {
                boxes.add(new int[] {Integer.parseInt(b.group(2)), Integer.parseInt(b.group(1)),
                        Integer.parseInt(b.group(3)), Integer.parseInt(b.group(4))});
            }
            faces.add(new Face(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), boxes));
        }
        return faces;
    }

    @Test
    void vocCocoAndYoloGiveBackDlibsBoxes() throws Exception {
        List<Face> faces = dlibFaces();
        assertThat(faces.stream().mapToInt(f -> f.boxes().size()).sum()).isEqualTo(18);
        StringBuilder cocoImages = new StringBuilder();
        StringBuilder cocoAnnotations = new StringBuilder();
        int id = 0;
        for (Face f : faces) {
            for (String format : List.of("voc", "coco/images", "yolo")) {
                Files.createDirectories(dir.resolve(format));
                Files.copy(Fixtures.face(f.file()), dir.resolve(format).resolve(f.file()));
            }
            StringBuilder voc = new StringBuilder("<annotation>\n<filename>" + f.file() + "</filename>\n<size><width>"
                    + f.width() + "</width><height>" + f.height() + "</height><depth>3</depth></size>\n");
            StringBuilder yolo = new StringBuilder();
            int imageId = faces.indexOf(f) + 1;
            cocoImages.append(cocoImages.length() == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                    "{\"id\": %d, \"file_name\": \"%s\", \"width\": %d, \"height\": %d}", imageId, f.file(),
                    f.width(), f.height()));
            for (int[] b : f.boxes()) {
                // VOC: 1-based inclusive pixel indices
                voc.append(String.format(Locale.ROOT, "<object><name>face</name><bndbox><xmin>%d</xmin>"
                        + "<ymin>%d</ymin><xmax>%d</xmax><ymax>%d</ymax></bndbox></object>\n",
                        b[0] + 1, b[1] + 1, b[0] + b[2], b[1] + b[3]));
                yolo.append(String.format(Locale.ROOT, "0 %.8f %.8f %.8f %.8f\n", (b[0] + b[2] / 2.0) / f.width(),
                        (b[1] + b[3] / 2.0) / f.height(), (double) b[2] / f.width(), (double) b[3] / f.height()));
                cocoAnnotations.append(cocoAnnotations.length() == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                        "{\"id\": %d, \"image_id\": %d, \"category_id\": 1, \"bbox\": [%d, %d, %d, %d]}", ++id,
                        imageId, b[0], b[1], b[2], b[3]));
            }
            TempPhotos.write(dir.resolve("voc").resolve(f.file().replace(".jpg", ".xml")),
                    voc.append("</annotation>\n").toString());
            TempPhotos.write(dir.resolve("yolo").resolve(f.file().replace(".jpg", ".txt")), yolo.toString());
        }
        TempPhotos.write(dir.resolve("yolo/classes.txt"), "face\n");
        TempPhotos.write(dir.resolve("coco/annotations/instances_faces.json"), "{\"images\": [" + cocoImages
                + "],\n\"annotations\": [" + cocoAnnotations + "],\n\"categories\": [{\"id\": 1, \"name\": "
                + "\"face\"}]}\n");

        for (String format : List.of("voc", "coco", "yolo")) {
            LabelSet set = LabelReaders.detect(dir.resolve(format)).read();
            assertThat(set.format().name().toLowerCase(Locale.ROOT)).isEqualTo(format);
            assertThat(set.classNames()).containsExactly("face");
            assertThat(set.boxCount()).as(format).isEqualTo(18);
            for (LabelledImage img : set.images()) {
                Face f = faces.stream().filter(x -> img.image().endsWith(x.file())).findFirst().orElseThrow();
                assertThat(img.width()).isEqualTo(f.width());
                assertThat(img.height()).isEqualTo(f.height());
                assertThat(img.boxes()).hasSameSizeAs(f.boxes());
                for (int i = 0; i < f.boxes().size(); i++) {
                    int[] b = f.boxes().get(i);
                    Box got = img.boxes().get(i);
                    String what = format + " " + f.file() + " box " + i;
                    assertThat(got.x1()).as(what).isCloseTo(b[0], within(1e-3f));
                    assertThat(got.y1()).as(what).isCloseTo(b[1], within(1e-3f));
                    assertThat(got.x2()).as(what).isCloseTo(b[0] + b[2], within(1e-3f));
                    assertThat(got.y2()).as(what).isCloseTo(b[1] + b[3], within(1e-3f));
                }
            }
        }
    }
}
