package dev.blockscope.analyzer.report;

import java.util.Locale;

/** Durations as people read and type them: "1.25 s", "340 µs"; "5ms", "2s", "150us", "0". */
public final class Durations {
    private Durations() {}

    /** Three significant digits with the largest unit under which the value is at least 1. */
    public static String format(long nanos) {
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return digits(nanos / 1e3) + " µs";
        }
        if (nanos < 1_000_000_000) {
            return digits(nanos / 1e6) + " ms";
        }
        return digits(nanos / 1e9) + " s";
    }

    /** An instant in a recording, to the microsecond: "+4801.234 ms". */
    public static String offset(long nanos) {
        return String.format(Locale.ROOT, "+%.3f ms", nanos / 1e6);
    }

    private static String digits(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Parses "250ms", "1.5s", "40us", "40µs", "900ns", "2m" or a bare "0".
     *
     * @throws IllegalArgumentException with a message naming the text, when it is not a duration
     */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return 0;
        }
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
                {"m", "60000000000"}};
        for (int i = 0; i < units.length; i++) {
            String u = units[i][0];
            // "ms" and "ns" end in "s": try the longer units first by checking the two-letter ones before "s".
            if (u.equals("s") && (t.endsWith("ms") || t.endsWith("ns") || t.endsWith("us") || t.endsWith("µs"))) {
                continue;
            }
            if (t.endsWith(u)) {
                String number = t.substring(0, t.length() - u.length()).trim();
                try {
                    double v = Double.parseDouble(number);
                    if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                        break;
                    }
                    return Math.round(v * Long.parseLong(units[i][1]));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 5ms, 1.5s, 200us, 0)");
    }
}
