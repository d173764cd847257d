package io.edgecv.examples.cli;

import io.edgecv.quantize.CalibrationListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The calibration progress of {@code edgecv quantize}: one bar a pass ({@code me.tongfei:progressbar}), redrawn in
 * place on stderr with the photo count, elapsed time and ETA.
 *
 * <p>Thread-safety: the quantizer may report from its calibration thread; calls are synchronised.
 */
final class CalibrationProgress implements CalibrationListener, AutoCloseable {
    private final PrintWriter err;
    private ProgressBar bar;
    private int barPass = -1;

    CalibrationProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void imageDone(int pass, int passes, int done, int total) {
        if (bar == null || barPass != pass) {
            close();
            barPass = pass;
            bar = new ProgressBarBuilder().setTaskName("calibrating" + (passes > 1 ? " pass " + pass + "/" + passes
                    : "")).setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 100)).build();
        }
        bar.stepTo(done);
        if (done >= total) {
            close();
        }
    }

    /** Finishes the current bar, if any, and ends its line. */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close(); // draws the final state
            bar = null;
            err.println();
            err.flush();
        }
    }
}
