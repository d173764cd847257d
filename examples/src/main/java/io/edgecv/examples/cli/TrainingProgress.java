package io.edgecv.examples.cli;

import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of {@code edgecv distill}: one bar over the schedule's steps ({@code me.tongfei:progressbar}),
 * redrawn in place on stderr with the step's loss and the last validation agreement, elapsed time and ETA; a line
 * per validation.
 *
 * <p>Thread-safety: called from the training thread only.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter err;
    private ProgressBar bar;
    private String agreement = "n/a";

    TrainingProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onStep(int step, int totalSteps, double loss, float learningRate) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("distilling").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 110)).build();
        }
        bar.stepTo(step);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f agreement %s", loss, agreement));
    }

    @Override
    public void onValidation(int epoch, DetectionAgreement a, boolean best) {
        agreement = String.format(Locale.ROOT, "%.3f", a.map50());
        if (bar != null) {
            bar.setExtraMessage(bar.getExtraMessage().replaceAll("agreement .*", "agreement " + agreement));
        }
        err.print(String.format(Locale.ROOT, "\repoch %d: agreement with the teacher mAP@0.5 %.4f%s%n", epoch,
                a.map50(), best ? " (best)" : ""));
        err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            err.println();
            err.flush();
        }
    }
}
