package io.edgecv.tensorrt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorRT's {@code ILogger}, forwarding to SLF4J (logger {@code io.edgecv.tensorrt.TensorRT}: errors as ERROR,
 * warnings as WARN, info as DEBUG, verbose as TRACE) and keeping the last errors so that exceptions can quote what
 * TensorRT said. One instance for the process: TensorRT keeps the pointer, so it must never be freed.
 *
 * <p>Thread-safety: thread-safe; TensorRT calls it from any of its threads.
 */
final class TrtLogger extends ILogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.edgecv.tensorrt.TensorRT");
    private static final int KEPT = 16;
    private static volatile TrtLogger instance;

    private final Deque<String> errors = new ArrayDeque<>();
    private long sequence;

    private TrtLogger() {
    }

    /** @return the process-wide logger; first call loads the TensorRT bindings */
    static TrtLogger get() {
        TrtLogger l = instance;
        if (l == null) {
            synchronized (TrtLogger.class) {
                l = instance;
                if (l == null) {
                    l = new TrtLogger();
                    instance = l;
                }
            }
        }
        return l;
    }

    @Override
    public void log(Severity severity, String msg) {
        int s = severity.value;
        if (s <= Severity.kERROR.value) {
            LOG.error("{}", msg);
            synchronized (errors) {
                if (errors.size() == KEPT) {
                    errors.removeFirst();
                }
                errors.addLast(++sequence + "\u0000" + msg);
            }
        } else if (s == Severity.kWARNING.value) {
            LOG.warn("{}", msg);
        } else if (s == Severity.kINFO.value) {
            LOG.debug("{}", msg);
        } else {
            LOG.trace("{}", msg);
        }
    }

    /** @return a mark; {@link #errorsSince} returns the errors logged after it */
    long mark() {
        synchronized (errors) {
            return sequence;
        }
    }

    /**
     * @param mark a value of {@link #mark()}
     * @return TensorRT's error messages logged since, joined; or a note that it logged none
     */
    String errorsSince(long mark) {
        List<String> out = new ArrayList<>();
        synchronized (errors) {
            for (String e : errors) {
                int sep = e.indexOf('\u0000');
                if (Long.parseLong(e.substring(0, sep)) > mark) {
                    out.add(e.substring(sep + 1));
                }
            }
        }
        return out.isEmpty() ? "TensorRT logged no error" : "TensorRT says: " + String.join(" | ", out);
    }
}
