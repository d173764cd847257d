package io.edgecv.testing;

import io.edgecv.spi.Availability;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose backend is unavailable here, with the backend's reason, unless the backend is required:
 * {@code -Dedgecv.require=ncnn,tensorrt} turns "unavailable" into a failure, so that a machine that should have
 * a runtime (a GPU box, a CI image with libncnn) cannot pass by skipping.
 */
public final class RequiredBackends {
    /** System property listing the backends that must be available. */
    public static final String PROPERTY = "edgecv.require";

    private RequiredBackends() {
    }

    /** @return the backend names given in {@link #PROPERTY}, lower case */
    public static Set<String> required() {
        String v = System.getProperty(PROPERTY, "");
        return Arrays.stream(v.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param backend the backend's name
     * @param availability whether it can run here
     */
    public static void assumeAvailable(String backend, Availability availability) {
        if (availability.isAvailable()) {
            return;
        }
        String why = "backend " + backend + " is unavailable here: " + availability.reason();
        if (required().contains(backend.toLowerCase(Locale.ROOT))) {
            Assertions.fail(why + " (required by -D" + PROPERTY + "=" + System.getProperty(PROPERTY) + ")");
        }
        Assumptions.abort(why);
    }
}
