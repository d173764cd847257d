package io.edgecv.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads YOLO labels: for every picture under a folder, a {@code .txt} file with the same base name beside it
 * (Darknet) or in the matching {@code labels} folder ({@code images/train/a.jpg} and {@code labels/train/a.txt},
 * Ultralytics). Each line is {@code class cx cy w h}, the centre and size normalised to 0..1 by the image size;
 * blank lines are skipped. A picture with no label file is a labelled negative (the Ultralytics convention); a
 * label file with no picture is an error.
 *
 * <p>Class names come from the list given, or else {@code classes.txt}, {@code obj.names}, {@code data.yaml} or
 * {@code dataset.yaml} in the folder or its parent. The {@code .txt} files named there, and {@code train.txt},
 * {@code val.txt}, {@code valid.txt}, {@code test.txt} (Darknet's image lists), are not label files.
 *
 * <p>Thread-safety: immutable.
 */
public final class YoloReader implements LabelReader {
    /** {@code .txt} files that are not label files. */
    static final Set<String> NOT_LABELS = Set.of("classes.txt", "train.txt", "val.txt", "valid.txt", "test.txt",
            "readme.txt");

    private final Path folder;
    private final List<String> classes;

    /**
     * @param folder the data set folder (pictures and labels under it)
     * @param classes the class names in order, or null to read them from the classes file
     */
    public YoloReader(Path folder, List<String> classes) {
        this.folder = folder.toAbsolutePath().normalize();
        this.classes = classes == null ? null : List.copyOf(classes);
    }

    @Override
    public LabelFormat format() {
        return LabelFormat.YOLO;
    }

    @Override
    public Path source() {
        return folder;
    }

    @Override
    public LabelSet read() throws LabelException {
        List<String> names = classes;
        if (names == null) {
            Path file = YoloClasses.find(folder);
            if (file == null) {
                throw new LabelException(folder, "", "", "has no class names file; add classes.txt (one name a "
                        + "line, line 1 naming class 0) or a data.yaml with 'names:', or pass the names");
            }
            names = YoloClasses.read(file);
        }
        List<Path> images = ImageFiles.under(folder);
        Set<Path> claimed = new HashSet<>();
        List<LabelledImage> out = new ArrayList<>(images.size());
        for (Path image : images) {
            Path label = labelFile(image);
            List<Box> boxes = List.of();
            int[] size = null;
            if (label != null) {
                claimed.add(label);
                size = ImageFiles.size(image, label, "");
                boxes = parse(label, size[0], size[1], names);
            } else {
                size = ImageFiles.size(image, image, "");
            }
            out.add(new LabelledImage(image, size[0], size[1], boxes));
        }
        List<Path> txt = ImageFiles.filesUnder(folder, p -> isLabelName(p));
        for (Path t : txt) {
            if (!claimed.contains(t)) {
                throw new LabelException(t, "", "", "no image has this label file's name (looked beside it and in "
                        + "the matching images/ folder); put the image there or remove the label file");
            }
        }
        if (claimed.isEmpty()) {
            throw new LabelException(folder, "", "", "holds " + images.size() + " pictures but no YOLO label "
                    + "file for any of them; put a.txt beside a.jpg, or labels/ beside images/");
        }
        return new LabelSet(LabelFormat.YOLO, folder, names, out);
    }

    private static boolean isLabelName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".txt") && !NOT_LABELS.contains(n);
    }

    /** @return the label file of the image, or null when it has none */
    static Path labelFile(Path image) {
        String base = ImageFiles.baseName(image) + ".txt";
        Path beside = image.resolveSibling(base);
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        Path dir = image.getParent();
        for (int i = dir.getNameCount() - 1; i >= 0; i--) {
            if ("images".equals(dir.getName(i).toString())) {
                Path root = dir.getRoot();
                Path labels = root == null ? Path.of("") : root;
                for (int j = 0; j < dir.getNameCount(); j++) {
                    labels = labels.resolve(j == i ? "labels" : dir.getName(j).toString());
                }
                Path p = labels.resolve(base);
                return Files.isRegularFile(p) ? p : null;
            }
        }
        return null;
    }

    private static List<Box> parse(Path label, int width, int height, List<String> names) throws LabelException {
        List<String> lines;
        try {
            lines = Files.readAllLines(label, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabelException(label, "", "", "cannot be read: " + e.getMessage(), e);
        }
        List<Box> boxes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1);
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                String why = f.length > 5 && f.length % 2 == 1
                        ? "looks like a segmentation polygon (class x1 y1 x2 y2 ...); only boxes are read: export "
                        + "the labels as boxes"
                        : "must be 5 numbers 'class cx cy w h', found " + f.length + " fields";
                throw new LabelException(label, where, line, why);
            }
            int cls;
            try {
                cls = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new LabelException(label, where + ", field 1 (class)", f[0], "must be a whole class index", e);
            }
            if (cls < 0 || cls >= names.size()) {
                throw new LabelException(label, where + ", field 1 (class)", f[0], "unknown class id: there are "
                        + names.size() + " classes (0 to " + (names.size() - 1) + ") " + names
                        + "; fix the id or add the class name");
            }
            float[] v = new float[4];
            String[] fields = {"cx", "cy", "w", "h"};
            for (int k = 0; k < 4; k++) {
                try {
                    v[k] = Float.parseFloat(f[k + 1]);
                } catch (NumberFormatException e) {
                    throw new LabelException(label, where + ", field " + (k + 2) + " (" + fields[k] + ")", f[k + 1],
                            "is not a number", e);
                }
                if (!Float.isFinite(v[k]) || v[k] < 0f || v[k] > 1f) {
                    throw new LabelException(label, where + ", field " + (k + 2) + " (" + fields[k] + ")", f[k + 1],
                            "must be normalised to 0..1 by the image size; were pixel coordinates written?");
                }
            }
            float x1 = (v[0] - v[2] / 2f) * width;
            float x2 = (v[0] + v[2] / 2f) * width;
            float y1 = (v[1] - v[3] / 2f) * height;
            float y2 = (v[1] + v[3] / 2f) * height;
            boxes.add(BoxCheck.inside(label, where, line, x1, y1, x2, y2, width, height, cls, names.get(cls)));
        }
        return boxes;
    }
}
