package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.PixelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeded name-hash split is stable as files are added; labels attach to their images. */
class ImageDatasetTest {
    @TempDir
    Path dir;

    private static Set<String> names(List<DatasetImage> images) {
        return images.stream().map(DatasetImage::name).collect(Collectors.toSet());
    }

    /** Empty files with picture names: the split reads names only, never pixels. */
    private void frames(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Files.createDirectories(dir.resolve("frames"));
            Files.createFile(dir.resolve("frames/frame_" + String.format("%05d", i) + ".jpg"));
        }
    }

    @Test
    void splitIsStableWhenFilesAreAddedAndChangesWithTheSeed() throws Exception {
        frames(0, 400);
        Files.writeString(dir.resolve("frames/notes.md"), "not a picture");
        ImageDataset first = ImageDataset.builder().setImages(dir).optValidationFraction(0.2).optSeed(7).build();
        assertThat(first.train().size() + first.validation().size()).isEqualTo(400);
        // binomial(400, 0.2): mean 80, sd 8
        assertThat(first.validation().size()).isBetween(50, 110);
        Set<String> val = names(first.validation());
        Set<String> train = names(first.train());

        frames(400, 700);
        ImageDataset more = ImageDataset.builder().setImages(dir).optValidationFraction(0.2).optSeed(7).build();
        assertThat(names(more.validation())).containsAll(val).doesNotContainAnyElementsOf(train);
        assertThat(names(more.train())).containsAll(train);
        assertThat(more.train().size() + more.validation().size()).isEqualTo(700);

        ImageDataset again = ImageDataset.builder().setImages(dir).optValidationFraction(0.2).optSeed(7).build();
        assertThat(names(again.validation())).isEqualTo(names(more.validation()));
        assertThat(again.train()).extracting(DatasetImage::file).isSorted();

        ImageDataset other = ImageDataset.builder().setImages(dir).optValidationFraction(0.2).optSeed(8).build();
        Set<String> overlap = new HashSet<>(names(other.validation()));
        overlap.retainAll(names(more.validation()));
        // independent splits overlap by about 0.2 x 0.2 x 700 = 28 names, far from all ~140
        assertThat(overlap.size()).isLessThan(names(more.validation()).size() / 2);

        ImageDataset none = ImageDataset.builder().setImages(dir).optValidationFraction(0).build();
        assertThat(none.validation()).isEmpty();
    }

    @Test
    void labelsAttachToTheirImagesAndLoadIntoASample() throws Exception {
        TempPhotos.copy("dog.jpg", dir, "dog.jpg");
        TempPhotos.copy("person.jpg", dir, "person.jpg");
        TempPhotos.copy("horses.jpg", dir.resolve("unlabelled"), "horses.jpg");
        TempPhotos.write(dir.resolve("classes.txt"), "dog\n");
        TempPhotos.write(dir.resolve("dog.txt"), "0 0.5 0.5 0.25 0.5\n");
        LabelSet labels = new YoloReader(dir, null).read();

        ImageDataset data = ImageDataset.builder().setImages(dir).optLabels(labels).optValidationFraction(0)
                .build();

        assertThat(data.classNames()).containsExactly("dog");
        assertThat(data.train()).extracting(DatasetImage::name)
                .containsExactly("dog.jpg", "person.jpg", "horses.jpg"); // sorted by path
        DatasetImage dog = data.train().get(0);
        assertThat(dog.labels()).isPresent();
        TrainingSample s = new TrainingSample(PixelFormat.RGB);
        dog.loadInto(s);
        assertThat(s.image().width()).isEqualTo(768);
        assertThat(s.boxes().toBoxes(labels.classNames())).containsExactly(new Box(288, 144, 480, 432, 0, "dog"));
        // a labelled negative (person.jpg, labelled by YOLO's no-file rule) and an image the labels do not cover
        assertThat(data.train().get(1).labels()).hasValueSatisfying(l -> assertThat(l.boxes()).isEmpty());
        data.train().get(2).loadInto(s);
        assertThat(s.boxes().size()).isZero();
        assertThat(s.image().width()).isEqualTo(773);
    }

    @Test
    void refusesAnEmptyFolderAndLabelsOutsideIt() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ImageDataset.builder().setImages(dir.resolve("empty")).build())
                .isInstanceOf(LabelException.class).hasMessageContaining("holds no picture");

        TempPhotos.copy("dog.jpg", dir.resolve("a"), "dog.jpg");
        TempPhotos.copy("dog.jpg", dir.resolve("b"), "dog.jpg");
        TempPhotos.write(dir.resolve("a/classes.txt"), "dog\n");
        TempPhotos.write(dir.resolve("a/dog.txt"), "0 0.5 0.5 0.25 0.5\n");
        LabelSet labels = new YoloReader(dir.resolve("a"), null).read();
        assertThatThrownBy(() -> ImageDataset.builder().setImages(dir.resolve("b")).optLabels(labels).build())
                .isInstanceOf(LabelException.class).hasMessageContaining("outside the image folder");
        assertThatThrownBy(() -> ImageDataset.builder().optValidationFraction(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0");
    }
}
