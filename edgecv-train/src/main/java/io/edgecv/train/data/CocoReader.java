package io.edgecv.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a COCO instances file ({@code images}, {@code annotations}, {@code categories}). Boxes are
 * {@code bbox: [x, y, width, height]} in pixels (continuous coordinates). Class {@code i} is the {@code i}-th
 * category in order of category id (COCO's ids 1..90 with gaps become 0..79), named by its {@code name}.
 *
 * <p>An image's {@code file_name} is resolved against the image folder given, or else against the JSON file's
 * folder, its {@code images} sub-folder, its parent, and for {@code annotations/instances_val2017.json} the
 * parent's {@code val2017} folder. The {@code width} and {@code height} written for the image must agree with
 * the picture's header. Crowd annotations ({@code iscrowd: 1}, a region of many objects) are left out, and their
 * number is logged; every image listed is kept, those with no annotations as labelled negatives.
 *
 * <p>Thread-safety: immutable.
 */
public final class CocoReader implements LabelReader {
    private static final Logger LOG = LoggerFactory.getLogger(CocoReader.class);

    private final Path json;
    private final Path imageFolder;

    /**
     * @param json the instances file
     * @param imageFolder the folder {@code file_name} is relative to, or null to search the usual places
     */
    public CocoReader(Path json, Path imageFolder) {
        this.json = json.toAbsolutePath().normalize();
        this.imageFolder = imageFolder == null ? null : imageFolder.toAbsolutePath().normalize();
    }

    @Override
    public LabelFormat format() {
        return LabelFormat.COCO;
    }

    @Override
    public Path source() {
        return json;
    }

    @Override
    public LabelSet read() throws LabelException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr();
            throw new LabelException(json, where, "", "is not valid JSON (" + e.getOriginalMessage()
                    + "); fix the file", e);
        } catch (IOException e) {
            throw new LabelException(json, "", "", "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new LabelException(json, "", "", "is not a COCO instances file (a JSON object with images, "
                    + "annotations and categories)");
        }
        JsonNode categories = array(root, "categories");
        JsonNode images = array(root, "images");
        JsonNode annotations = array(root, "annotations");

        TreeMap<Long, String> byId = new TreeMap<>();
        for (int i = 0; i < categories.size(); i++) {
            String f = "categories[" + i + "]";
            long id = integer(categories.get(i), f, "id");
            String name = text(categories.get(i), f, "name");
            if (byId.put(id, name) != null) {
                throw new LabelException(json, f + ".id", Long.toString(id), "a second category has this id; "
                        + "give every category its own id");
            }
        }
        List<String> names = List.copyOf(byId.values());
        Map<Long, Integer> classOf = new HashMap<>();
        for (Long id : byId.keySet()) {
            classOf.put(id, classOf.size());
        }

        Map<Long, Path> paths = new HashMap<>();
        Map<Long, int[]> sizes = new HashMap<>();
        Map<Long, List<Box>> boxes = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            String f = "images[" + i + "]";
            JsonNode img = images.get(i);
            long id = integer(img, f, "id");
            String fileName = text(img, f, "file_name");
            Path path = resolve(fileName);
            int[] size = ImageFiles.size(path, json, f + ".file_name");
            long w = integer(img, f, "width");
            long h = integer(img, f, "height");
            if (w != size[0] || h != size[1]) {
                throw new LabelException(json, f + ".width/height", w + "x" + h, "the image " + path + " is "
                        + size[0] + "x" + size[1] + "; fix the size or check that the entry belongs to this image");
            }
            if (paths.put(id, path) != null) {
                throw new LabelException(json, f + ".id", Long.toString(id), "a second image has this id; give "
                        + "every image its own id");
            }
            sizes.put(id, size);
            boxes.put(id, new ArrayList<>());
        }

        int crowd = 0;
        for (int i = 0; i < annotations.size(); i++) {
            String f = "annotations[" + i + "]";
            JsonNode a = annotations.get(i);
            if (a.path("iscrowd").asInt(0) == 1) {
                crowd++;
                continue;
            }
            long imageId = integer(a, f, "image_id");
            if (!paths.containsKey(imageId)) {
                throw new LabelException(json, f + ".image_id", Long.toString(imageId), "no image has this id; "
                        + "add the image to \"images\" or remove the annotation");
            }
            long cat = integer(a, f, "category_id");
            Integer cls = classOf.get(cat);
            if (cls == null) {
                throw new LabelException(json, f + ".category_id", Long.toString(cat), "unknown category; the "
                        + "category ids are " + byId.keySet() + "; add the category or fix the id");
            }
            JsonNode bbox = a.get("bbox");
            if (bbox == null || !bbox.isArray() || bbox.size() != 4 || !allNumbers(bbox)) {
                throw new LabelException(json, f + ".bbox", String.valueOf(bbox), "must be [x, y, width, height], "
                        + "four numbers in pixels");
            }
            float x = (float) bbox.get(0).asDouble();
            float y = (float) bbox.get(1).asDouble();
            float w = (float) bbox.get(2).asDouble();
            float h = (float) bbox.get(3).asDouble();
            int[] size = sizes.get(imageId);
            boxes.get(imageId).add(BoxCheck.inside(json, f + ".bbox", bbox.toString(), x, y, x + w, y + h,
                    size[0], size[1], cls, names.get(cls)));
        }
        if (crowd > 0) {
            LOG.info("{}: left out {} crowd annotations (iscrowd 1)", json, crowd);
        }
        TreeMap<Path, LabelledImage> out = new TreeMap<>();
        for (Map.Entry<Long, Path> e : paths.entrySet()) {
            int[] size = sizes.get(e.getKey());
            LabelledImage li = new LabelledImage(e.getValue(), size[0], size[1], boxes.get(e.getKey()));
            if (out.put(li.image(), li) != null) {
                throw new LabelException(json, "images", li.image().toString(), "two image entries name this file; "
                        + "merge them into one");
            }
        }
        return new LabelSet(LabelFormat.COCO, json, names, List.copyOf(out.values()));
    }

    private Path resolve(String fileName) {
        List<Path> tries = new ArrayList<>();
        if (imageFolder != null) {
            tries.add(imageFolder);
        } else {
            Path dir = json.getParent();
            tries.add(dir);
            tries.add(dir.resolve("images"));
            Path parent = dir.getParent();
            if (parent != null) {
                tries.add(parent);
                tries.add(parent.resolve("images"));
                String n = ImageFiles.baseName(json);
                int us = n.indexOf('_');
                if (us >= 0) {
                    tries.add(parent.resolve(n.substring(us + 1)));
                }
            }
        }
        for (Path t : tries) {
            Path p = t.resolve(fileName).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return tries.get(0).resolve(fileName).normalize();
    }

    private static boolean allNumbers(JsonNode a) {
        for (JsonNode n : a) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private JsonNode array(JsonNode root, String field) throws LabelException {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new LabelException(json, field, n == null ? "" : n.toString(), "a COCO instances file needs an "
                    + "array \"" + field + "\"; is this the instances file (not captions or keypoints)?");
        }
        return n;
    }

    private long integer(JsonNode node, String at, String field) throws LabelException {
        JsonNode n = node.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new LabelException(json, at + "." + field, n == null ? "" : n.toString(),
                    n == null ? "is missing; add it" : "must be a whole number");
        }
        return n.asLong();
    }

    private String text(JsonNode node, String at, String field) throws LabelException {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new LabelException(json, at + "." + field, n == null ? "" : n.toString(),
                    n == null ? "is missing; add it" : "must be a non-empty string");
        }
        return n.asText();
    }
}
