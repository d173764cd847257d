package io.edgecv.train;

import io.edgecv.model.DescriptionFile;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a trained student needs beside it to detect as the student did, written as the quantizer and the pruner
 * write theirs: the student's labels as {@code <output>.labels.txt} (else an SSD prints "class 20" where the
 * student printed "Dog") and its description file as {@code <output>.edgecv.properties}.
 *
 * <p>Thread-safety: stateless.
 */
final class StudentSidecars {
    private StudentSidecars() {
    }

    /**
     * @param student the student as opened for training (its labels)
     * @param studentFile the student's file (its description file is found beside it)
     * @param output the trained model, already written
     * @return the files written
     * @throws IOException if one cannot be written
     * @throws io.edgecv.InvalidModelException if the student file is not a model file
     */
    static List<Path> write(StudentModel student, Path studentFile, Path output)
            throws IOException, io.edgecv.InvalidModelException {
        String name = output.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path dir = output.toAbsolutePath().getParent();
        List<Path> written = new ArrayList<>();
        Optional<Path> description = DescriptionFile.findFor(ModelSource.of(studentFile));
        if (description.isPresent()) {
            Path target = dir.resolve(base + DescriptionFile.SUFFIX);
            if (!Files.exists(target) || !Files.isSameFile(description.get(), target)) {
                Files.copy(description.get(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
            }
        }
        List<String> labels = student.description().labels();
        if (!labels.isEmpty()) {
            Path target = dir.resolve(base + ".labels.txt");
            Files.writeString(target, String.join("\n", labels) + "\n", StandardCharsets.UTF_8);
            written.add(target);
        }
        return written;
    }
}
