package io.edgecv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backend-specific settings for the benchmarks, given as system properties
 * {@code edgecv.bench.property.<backend>.<key>=<value>} (before {@code -jar}, they reach JMH's forks:
 * {@code java -Dedgecv.bench.property.tensorrt.precision=fp16 -jar benchmarks.jar ...}); each backend receives the ones prefixed by its name, as
 * {@link io.edgecv.spi.BackendOptions} properties.
 *
 * <p>Thread-safety: stateless; reads the system properties on each call.
 */
final class BenchProperties {
    static final String PREFIX = "edgecv.bench.property.";

    private BenchProperties() {
    }

    /**
     * @param backend backend name
     * @return its properties, such as {@code tensorrt.precision -> fp16}
     */
    static Map<String, String> forBackend(String backend) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX + backend + ".")) {
                map.put(name.substring(PREFIX.length()), System.getProperty(name));
            }
        }
        return map;
    }
}
