package io.edgecv.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The class names of a YOLO data set: {@code classes.txt} or {@code obj.names} (one name a line, Darknet), or
 * the {@code names} of a {@code data.yaml} (a list, or a map from class index to name, Ultralytics).
 *
 * <p>Thread-safety: stateless.
 */
final class YoloClasses {
    /** File names that hold the class names, in the order they are looked for. */
    static final List<String> FILES = List.of("classes.txt", "obj.names", "data.yaml", "dataset.yaml");

    private YoloClasses() {
    }

    /** @return the classes file in the folder or its parent, or null */
    static Path find(Path folder) {
        List<Path> dirs = new ArrayList<>(List.of(folder));
        if (folder.getParent() != null) {
            dirs.add(folder.getParent());
        }
        for (Path dir : dirs) {
            for (String f : FILES) {
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static List<String> read(Path file) throws LabelException {
        String name = file.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return readYaml(file);
        }
        try {
            List<String> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int last = lines.size();
            while (last > 0 && lines.get(last - 1).isBlank()) {
                last--;
            }
            for (int i = 0; i < last; i++) {
                String n = lines.get(i).strip();
                if (n.isEmpty()) {
                    throw new LabelException(file, "line " + (i + 1), "", "is blank; line i names class i-1, so "
                            + "every line up to the last must name a class");
                }
                out.add(n);
            }
            if (out.isEmpty()) {
                throw new LabelException(file, "", "", "names no class; write one class name a line");
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new LabelException(file, "", "", "cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> readYaml(Path file) throws LabelException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new LabelException(file, "", "", "is not YAML we can read (" + e.getMessage() + ")", e);
        }
        JsonNode names = root == null ? null : root.get("names");
        if (names == null) {
            throw new LabelException(file, "names", "", "is missing; list the class names under 'names:'");
        }
        List<String> out = new ArrayList<>();
        if (names.isArray()) {
            for (int i = 0; i < names.size(); i++) {
                out.add(name(file, "names[" + i + "]", names.get(i)));
            }
        } else if (names.isObject()) {
            TreeMap<Integer, String> byIndex = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : names.properties()) {
                int index;
                try {
                    index = Integer.parseInt(e.getKey().strip());
                } catch (NumberFormatException ex) {
                    throw new LabelException(file, "names", e.getKey(), "a key of the names map must be a class "
                            + "index 0, 1, 2, ...", ex);
                }
                byIndex.put(index, name(file, "names." + index, e.getValue()));
            }
            int expected = 0;
            for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
                if (e.getKey() != expected) {
                    throw new LabelException(file, "names", Integer.toString(expected), "class index " + expected
                            + " is missing; the names map needs every index from 0 to " + byIndex.lastKey());
                }
                out.add(e.getValue());
                expected++;
            }
        } else {
            throw new LabelException(file, "names", names.toString(), "must be a list of names or a map from class "
                    + "index to name");
        }
        if (out.isEmpty()) {
            throw new LabelException(file, "names", "", "names no class; list the class names");
        }
        return List.copyOf(out);
    }

    private static String name(Path file, String where, JsonNode n) throws LabelException {
        if (n == null || !n.isValueNode() || n.isNull() || n.asText().isBlank()) {
            throw new LabelException(file, where, String.valueOf(n), "must be a class name");
        }
        return n.asText().strip();
    }
}
