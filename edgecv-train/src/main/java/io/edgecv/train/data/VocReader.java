package io.edgecv.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Pascal VOC XML: every {@code .xml} file under a folder whose root element is {@code <annotation>}, one per
 * image. The image is {@code <filename>} beside the XML file, else the picture with the XML file's base name
 * beside it, else {@code <filename>} in {@code ../JPEGImages} (the VOCdevkit layout).
 *
 * <p>VOC corners are 1-based pixel indices, both ends inclusive ({@code xmin = 1, xmax = width} is the whole
 * row), so the box in continuous coordinates is {@code (xmin - 1, ymin - 1, xmax, ymax)}; a {@code 0} written by
 * 0-based tools is taken as the image edge. The {@code <size>} element, when present and non-zero, must agree
 * with the picture's header.
 *
 * <p>Class names are the given list, or else every {@code <name>} found, sorted. Parsed with the JDK's StAX with
 * DTDs and external entities off (no XML library needed).
 *
 * <p>Thread-safety: immutable.
 */
public final class VocReader implements LabelReader {
    private final Path folder;
    private final List<String> classes;

    /**
     * @param folder the folder holding the {@code .xml} files
     * @param classes the class names in order, or null to take the names found, sorted
     */
    public VocReader(Path folder, List<String> classes) {
        this.folder = folder.toAbsolutePath().normalize();
        this.classes = classes == null ? null : List.copyOf(classes);
    }

    @Override
    public LabelFormat format() {
        return LabelFormat.VOC;
    }

    @Override
    public Path source() {
        return folder;
    }

    /** @param file a file @return whether it is an XML file whose root element is {@code <annotation>} */
    static boolean isVocFile(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory().createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT) {
                        return "annotation".equals(r.getLocalName());
                    }
                }
                return false;
            } finally {
                r.close();
            }
        } catch (IOException | XMLStreamException e) {
            return false;
        }
    }

    @Override
    public LabelSet read() throws LabelException {
        List<Path> files = ImageFiles.filesUnder(folder,
                p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml"));
        List<Parsed> parsed = new ArrayList<>();
        for (Path f : files) {
            Parsed p = parse(f);
            if (p != null) {
                parsed.add(p);
            }
        }
        if (parsed.isEmpty()) {
            throw new LabelException(folder, "", "", "holds no Pascal VOC .xml file (root element <annotation>); "
                    + "pass the folder of the annotations");
        }
        List<String> names = classes;
        if (names == null) {
            TreeSet<String> found = new TreeSet<>();
            for (Parsed p : parsed) {
                for (Obj o : p.objects) {
                    found.add(o.name);
                }
            }
            names = List.copyOf(found);
        }
        Map<Path, LabelledImage> images = new TreeMap<>();
        for (Parsed p : parsed) {
            LabelledImage li = toImage(p, names);
            if (images.put(li.image(), li) != null) {
                throw new LabelException(p.file, "", li.image().toString(),
                        "a second annotation file names this image; keep one annotation file per image");
            }
        }
        return new LabelSet(LabelFormat.VOC, folder, names, List.copyOf(images.values()));
    }

    private LabelledImage toImage(Parsed p, List<String> names) throws LabelException {
        Path image = resolveImage(p);
        String where = p.filenameLine > 0 ? "line " + p.filenameLine + " <filename>" : "";
        int[] size = ImageFiles.size(image, p.file, where);
        if (p.width > 0 && p.height > 0 && (p.width != size[0] || p.height != size[1])) {
            throw new LabelException(p.file, "line " + p.sizeLine + " <size>", p.width + "x" + p.height,
                    "the image " + image + " is " + size[0] + "x" + size[1] + "; fix <size> or check that the "
                            + "annotation belongs to this image");
        }
        List<Box> boxes = new ArrayList<>(p.objects.size());
        for (Obj o : p.objects) {
            int index = names.indexOf(o.name);
            if (index < 0) {
                throw new LabelException(p.file, "line " + o.nameLine + " <name>", o.name, "unknown class; the "
                        + "classes are " + names + "; add it to the class list or fix the name");
            }
            String written = o.xmin + ", " + o.ymin + ", " + o.xmax + ", " + o.ymax;
            float x1 = Math.max(0f, number(p.file, o, "xmin", o.xmin) - 1f);
            float y1 = Math.max(0f, number(p.file, o, "ymin", o.ymin) - 1f);
            float x2 = number(p.file, o, "xmax", o.xmax);
            float y2 = number(p.file, o, "ymax", o.ymax);
            boxes.add(BoxCheck.inside(p.file, "line " + o.boxLine + " <bndbox>", written, x1, y1, x2, y2, size[0],
                    size[1], index, o.name));
        }
        return new LabelledImage(image, size[0], size[1], boxes);
    }

    private static float number(Path file, Obj o, String field, String text) throws LabelException {
        if (text == null) {
            throw new LabelException(file, "line " + o.boxLine + " <bndbox>", "", "has no <" + field + ">; every "
                    + "<bndbox> needs <xmin>, <ymin>, <xmax> and <ymax>");
        }
        try {
            return Float.parseFloat(text.strip());
        } catch (NumberFormatException e) {
            throw new LabelException(file, "line " + o.boxLine + " <" + field + ">", text, "is not a number; "
                    + "write the pixel coordinate as a number", e);
        }
    }

    private static Path resolveImage(Parsed p) {
        Path dir = p.file.getParent();
        if (p.filename != null && !p.filename.isBlank()) {
            Path beside = dir.resolve(p.filename.strip()).normalize();
            if (Files.isRegularFile(beside)) {
                return beside;
            }
        }
        String base = ImageFiles.baseName(p.file);
        for (String ext : new TreeSet<>(ImageFiles.EXTENSIONS)) {
            for (String e : new String[] {ext, ext.toUpperCase(Locale.ROOT)}) {
                Path same = dir.resolve(base + "." + e);
                if (Files.isRegularFile(same)) {
                    return same.normalize();
                }
            }
        }
        String name = p.filename == null || p.filename.isBlank() ? base + ".jpg" : p.filename.strip();
        Path devkit = dir.resolveSibling("JPEGImages").resolve(name).normalize();
        return Files.isRegularFile(devkit) ? devkit : dir.resolve(name).normalize();
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** @return the parsed annotation, or null if the root element is not {@code <annotation>} */
    private static Parsed parse(Path file) throws LabelException {
        Parsed p = new Parsed(file);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory().createXMLStreamReader(in);
            try {
                List<String> path = new ArrayList<>();
                Obj obj = null;
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String name = r.getLocalName();
                        if (path.isEmpty() && !"annotation".equals(name)) {
                            return null;
                        }
                        path.add(name);
                        int line = r.getLocation().getLineNumber();
                        String at = String.join("/", path);
                        if ("annotation/object".equals(at)) {
                            obj = new Obj();
                            p.objects.add(obj);
                        } else if ("annotation/object/bndbox".equals(at) && obj != null) {
                            obj.boxLine = line;
                        } else if ("annotation/size".equals(at)) {
                            p.sizeLine = line;
                        } else if (isText(at)) {
                            String text = r.getElementText();
                            path.remove(path.size() - 1);
                            store(p, obj, at, text, line);
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        path.remove(path.size() - 1);
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new LabelException(file, line > 0 ? "line " + line : "", "", "is not well-formed XML ("
                    + e.getMessage() + "); fix or remove the file", e);
        } catch (IOException e) {
            throw new LabelException(file, "", "", "cannot be read: " + e.getMessage(), e);
        }
        for (Obj o : p.objects) {
            if (o.name == null || o.name.isBlank()) {
                throw new LabelException(file, "line " + o.boxLine, "", "an <object> has no <name>; name its class");
            }
            if (o.boxLine == 0) {
                throw new LabelException(file, "line " + o.nameLine + " <name>", o.name, "the <object> has no "
                        + "<bndbox>; add the box or remove the object");
            }
        }
        return p;
    }

    private static boolean isText(String at) {
        switch (at) {
            case "annotation/filename", "annotation/size/width", "annotation/size/height", "annotation/object/name",
                 "annotation/object/bndbox/xmin", "annotation/object/bndbox/ymin", "annotation/object/bndbox/xmax",
                 "annotation/object/bndbox/ymax" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void store(Parsed p, Obj o, String at, String text, int line) throws LabelException {
        switch (at) {
            case "annotation/filename" -> {
                p.filename = text;
                p.filenameLine = line;
            }
            case "annotation/size/width" -> p.width = sizeValue(p.file, line, "width", text);
            case "annotation/size/height" -> p.height = sizeValue(p.file, line, "height", text);
            case "annotation/object/name" -> {
                o.name = text.strip();
                o.nameLine = line;
            }
            case "annotation/object/bndbox/xmin" -> o.xmin = text;
            case "annotation/object/bndbox/ymin" -> o.ymin = text;
            case "annotation/object/bndbox/xmax" -> o.xmax = text;
            default -> o.ymax = text;
        }
    }

    private static int sizeValue(Path file, int line, String field, String text) throws LabelException {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new LabelException(file, "line " + line + " <" + field + ">", text, "is not a whole number of "
                    + "pixels; fix it or remove <size>", e);
        }
    }

    private static final class Parsed {
        final Path file;
        final List<Obj> objects = new ArrayList<>();
        String filename;
        int filenameLine;
        int sizeLine;
        int width;
        int height;

        Parsed(Path file) {
            this.file = file;
        }
    }

    private static final class Obj {
        String name;
        int nameLine;
        int boxLine;
        String xmin;
        String ymin;
        String xmax;
        String ymax;
    }
}
