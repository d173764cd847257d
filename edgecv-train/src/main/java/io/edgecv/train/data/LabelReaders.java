package io.edgecv.train.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens the {@link LabelReader} for a data set, telling the format from what the folder holds:
 * <ul>
 *   <li>{@link LabelFormat#COCO}: the path is a {@code .json} file, or the folder (or its {@code annotations}
 *       sub-folder) holds exactly one {@code instances*.json} file;</li>
 *   <li>{@link LabelFormat#VOC}: {@code .xml} files whose root element is {@code <annotation>};</li>
 *   <li>{@link LabelFormat#YOLO}: a classes file ({@code classes.txt}, {@code obj.names}, {@code data.yaml},
 *       {@code dataset.yaml}) in the folder or its parent, and {@code .txt} label files.</li>
 * </ul>
 * A folder that looks like more than one format, or none, is refused with what was found; then name the format
 * with {@link #open(Path, LabelFormat)}.
 *
 * <p>Thread-safety: stateless.
 */
public final class LabelReaders {
    private LabelReaders() {
    }

    /**
     * @param path a data set folder, or a COCO instances file
     * @return the reader for the format found
     * @throws LabelException if no format, or more than one, is found
     */
    public static LabelReader detect(Path path) throws LabelException {
        Path p = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return new CocoReader(p, null);
        }
        if (!Files.isDirectory(p)) {
            throw new LabelException(p, "", "", "is neither a folder nor a COCO .json file; pass the data set "
                    + "folder");
        }
        List<LabelFormat> found = new ArrayList<>();
        Path coco = cocoFile(p);
        if (coco != null) {
            found.add(LabelFormat.COCO);
        }
        List<Path> xml = ImageFiles.filesUnder(p, f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".xml"));
        if (xml.stream().anyMatch(VocReader::isVocFile)) {
            found.add(LabelFormat.VOC);
        }
        boolean txt = !ImageFiles.filesUnder(p, f -> {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".txt") && !YoloReader.NOT_LABELS.contains(n);
        }).isEmpty();
        if (txt && YoloClasses.find(p) != null) {
            found.add(LabelFormat.YOLO);
        }
        if (found.size() != 1) {
            throw new LabelException(p, "", "", found.isEmpty()
                    ? "holds no labels found: no COCO instances*.json, no Pascal VOC .xml, no YOLO .txt labels with "
                    + "a classes.txt / obj.names / data.yaml" + (txt ? " (there are .txt files but no classes file)"
                    : "") + "; add the labels or name the format with LabelReaders.open(folder, format)"
                    : "looks like more than one label format " + found + "; name the one to read with "
                    + "LabelReaders.open(folder, format)");
        }
        return found.get(0) == LabelFormat.COCO ? new CocoReader(coco, null) : open(p, found.get(0));
    }

    /**
     * @param path the data set folder (for COCO: the instances file, or a folder holding one)
     * @param format the format to read
     * @return its reader; the class names come from the data set
     * @throws LabelException if a COCO folder holds no single instances file
     */
    public static LabelReader open(Path path, LabelFormat format) throws LabelException {
        Path p = path.toAbsolutePath().normalize();
        switch (format) {
            case VOC:
                return new VocReader(p, null);
            case YOLO:
                return new YoloReader(p, null);
            default:
                if (Files.isRegularFile(p)) {
                    return new CocoReader(p, null);
                }
                Path coco = cocoFile(p);
                if (coco == null) {
                    throw new LabelException(p, "", "", "holds no single COCO instances*.json (looked in it and in "
                            + "annotations/); pass the instances file itself");
                }
                return new CocoReader(coco, null);
        }
    }

    /** @return the one {@code instances*.json} in the folder or its annotations folder, else null */
    private static Path cocoFile(Path folder) throws LabelException {
        List<Path> found = new ArrayList<>();
        for (Path dir : new Path[] {folder, folder.resolve("annotations")}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var s = Files.list(dir)) {
                s.filter(f -> {
                    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.startsWith("instances") && n.endsWith(".json") && Files.isRegularFile(f);
                }).sorted().forEach(found::add);
            } catch (java.io.IOException e) {
                throw new LabelException(dir, "", "", "cannot be listed: " + e.getMessage(), e);
            }
        }
        if (found.size() > 1) {
            throw new LabelException(folder, "", "", "holds " + found.size() + " COCO instances files " + found
                    + "; pass the one to read");
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
