package io.edgecv.edge.power;

import io.edgecv.edge.CommandRunner;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Raspberry Pi 5 PMIC through {@code vcgencmd pmic_read_adc}, which prints one line per measurement:
 * <pre>
 *      VDD_CORE_A current(7)=2.10540000A
 *      VDD_CORE_V volt(15)=0.77300000V
 *         EXT5V_V volt(24)=5.13192000V
 * </pre>
 * The power is the sum of {@code V * A} over the rails that have both a {@code _V} and an {@code _A} line (rails with
 * only a voltage, like {@code EXT5V_V}, carry no current figure). This covers the PMIC's own rails: not its
 * conversion losses nor what USB devices draw from the 5 V input, so it is below the wall figure; no correction
 * factor is applied because none is published by Raspberry Pi.
 *
 * <p>Thread-safety: immutable.
 */
public final class PmicPowerSource implements PowerSource {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(\\S+)_([AV])\\s+(current|volt)\\(\\d+\\)=([-+0-9.eE]+)([AV])\\s*$", Pattern.MULTILINE);

    private final CommandRunner vcgencmd;

    /** @param vcgencmd runs {@code vcgencmd} */
    public PmicPowerSource(CommandRunner vcgencmd) {
        this.vcgencmd = Objects.requireNonNull(vcgencmd, "vcgencmd");
    }

    /**
     * @param output what {@code vcgencmd pmic_read_adc} printed
     * @return watts over the rails with both voltage and current
     * @throws IOException when no rail has both (not a Pi 5, or an unknown format)
     */
    public static double parseWatts(String output) throws IOException {
        Map<String, Double> amps = new TreeMap<>();
        Map<String, Double> volts = new TreeMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            double v = Double.parseDouble(m.group(4));
            (m.group(2).equals("A") ? amps : volts).put(m.group(1), v);
        }
        double w = 0;
        int rails = 0;
        for (Map.Entry<String, Double> a : amps.entrySet()) {
            Double v = volts.get(a.getKey());
            if (v != null) {
                w += v * a.getValue();
                rails++;
            }
        }
        if (rails == 0) {
            String head = output.strip();
            throw new IOException("vcgencmd pmic_read_adc printed no rail with both current and voltage"
                    + " (a Pi 5 prints lines like 'VDD_CORE_A current(7)=2.1A'); got: "
                    + (head.length() > 120 ? head.substring(0, 120) + "..." : head));
        }
        return w;
    }

    @Override
    public PowerReading read() throws IOException {
        long t = System.nanoTime();
        return new PowerReading(t, Double.NaN, parseWatts(vcgencmd.run("pmic_read_adc")));
    }

    @Override
    public String describe() {
        return "Pi 5 PMIC rails (vcgencmd pmic_read_adc; excludes conversion losses and USB)";
    }
}
