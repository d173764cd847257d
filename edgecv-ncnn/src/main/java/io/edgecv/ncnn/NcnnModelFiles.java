package io.edgecv.ncnn;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files beside an NCNN {@code .param}: its {@code .bin} weights ({@code model.param} has {@code model.bin};
 * Ultralytics writes {@code model.ncnn.param} and {@code model.ncnn.bin}) and the input size in Ultralytics'
 * {@code metadata.yaml}.
 *
 * <p>Thread-safety: stateless.
 */
final class NcnnModelFiles {
    private static final Logger LOG = LoggerFactory.getLogger(NcnnModelFiles.class);

    private NcnnModelFiles() {
    }

    /**
     * @return the weights: {@code ncnn.weights} if set, else the {@code .bin} beside the param file
     * @throws InvalidModelException if there is none, or it is empty
     */
    static Path weights(ModelSource model, NcnnOptions o) throws InvalidModelException {
        Path bin;
        if (o.weights != null) {
            bin = Path.of(o.weights);
            if (!Files.isRegularFile(bin)) {
                throw new InvalidModelException("ncnn.weights=" + o.weights + " is not a file");
            }
        } else {
            String name = model.baseName() + ".bin";
            Optional<Path> sibling = model.sibling(name);
            if (sibling.isEmpty()) {
                throw new InvalidModelException("NCNN model " + model.name() + " needs its weights " + name
                        + (model.path().isPresent() ? " beside it" : "; it was given as bytes, so set the"
                        + " backend property ncnn.weights to the .bin file")
                        + " (NCNN exports are a .param and a .bin written together)");
            }
            bin = sibling.get();
        }
        try {
            if (Files.size(bin) == 0) {
                throw new InvalidModelException("NCNN weights " + bin + " are empty; export the model again");
            }
        } catch (IOException e) {
            throw new InvalidModelException("cannot read NCNN weights " + bin + ": " + e.getMessage(), e);
        }
        return bin;
    }

    /**
     * @return {@code [h, w]} from the {@code imgsz} of Ultralytics' {@code metadata.yaml} beside the model, or
     *         {@code null} when there is none (an unreadable file is logged and ignored here; the model family reads
     *         it again and reports it)
     */
    static long[] ultralyticsImageSize(ModelSource model) {
        Optional<Path> yaml = model.sibling(UltralyticsMetadata.FILE_NAME);
        if (yaml.isEmpty()) {
            return null;
        }
        try {
            UltralyticsMetadata m = UltralyticsMetadata.read(yaml.get());
            return m.imageWidth() > 0 && m.imageHeight() > 0 ? new long[] {m.imageHeight(), m.imageWidth()} : null;
        } catch (InvalidModelException e) {
            LOG.warn("ignoring {}: {}", yaml.get(), e.getMessage());
            return null;
        }
    }
}
