package dev.blockscope.agent.flight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code flight=} and {@code dumpon=}: keep only the last window of the recording (a duration, or
 * a size split evenly between JFR's part and the agent's chunks) and write it on a trigger.
 *
 * @param windowNanos the window as a duration, 0 when given as a size
 * @param windowBytes the window as a size, 0 when given as a duration
 * @param rules       the triggers, in the order given
 */
public record FlightOptions(long windowNanos, long windowBytes, List<Rule> rules) {
    /**
     * One trigger: {@code kind} {@code pinned}, {@code wait} or {@code latency}; {@code reason} for a
     * {@code wait:REASON>...} (a reason or a prefix), else null; {@code text} as written.
     */
    public record Rule(String text, String kind, String reason, long nanos) {}

    /** A window as a duration: how long the agent waits after a trigger before it writes (the little after). */
    public long afterNanos() {
        long window = windowNanos > 0 ? windowNanos : 30_000_000_000L;
        return Math.max(200_000_000L, Math.min(2_000_000_000L, window / 10));
    }

    /** The least time between two dumps: one per window (for a size window, 30 s). */
    public long gapNanos() {
        return windowNanos > 0 ? windowNanos : 30_000_000_000L;
    }

    /** A malformed value: the message says which and why. */
    public static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        public Bad(String why) {
            super(why);
        }
    }

    /**
     * Parses {@code flight} ({@code 30s}: a duration; {@code 64m}: a size, k, m or g) and {@code dumpon} (rules joined with
     * {@code +}, or null for none: only {@code attach --dump} and the exit write).
     */
    public static FlightOptions parse(String flight, String dumpon, Durations durations) throws Bad {
        long nanos = 0;
        long bytes = 0;
        String f = flight.strip().toLowerCase(Locale.ROOT);
        if (f.endsWith("k") || f.endsWith("m") || f.endsWith("g")) { // m is megabytes here: a window of minutes is 60s, 1h, ...
            bytes = durations.size(f);
        } else {
            nanos = durations.duration(f);
        }
        if (nanos <= 0 && bytes <= 0) {
            throw new Bad("flight= needs a window longer than 0, such as 30s or 64m");
        }
        List<Rule> rules = new ArrayList<>();
        if (dumpon != null) {
            for (String r : dumpon.split("\\+", -1)) {
                rules.add(rule(r.strip(), durations));
            }
        }
        return new FlightOptions(nanos, bytes, List.copyOf(rules));
    }

    private static Rule rule(String text, Durations durations) throws Bad {
        int gt = text.indexOf('>');
        if (gt <= 0 || gt == text.length() - 1) {
            throw new Bad("dumpon rule '" + text + "' is not KIND>DURATION (pinned>20ms, wait>500ms, wait:park.lock>100ms, latency>10ms)");
        }
        String kind = text.substring(0, gt);
        String reason = null;
        if (kind.startsWith("wait:")) {
            reason = kind.substring(5);
            kind = "wait";
            if (reason.isEmpty()) {
                throw new Bad("dumpon rule '" + text + "': no reason after wait:");
            }
        }
        if (!kind.equals("pinned") && !kind.equals("wait") && !kind.equals("latency")) {
            throw new Bad("dumpon rule '" + text + "': unknown kind '" + kind + "' (known: pinned, wait, wait:REASON, latency)");
        }
        long nanos = durations.duration(text.substring(gt + 1));
        return new Rule(text, kind, reason, nanos);
    }

    /** The agent's own parsers of durations and sizes (so every option reads them alike). */
    public interface Durations {
        long duration(String value) throws Bad;

        long size(String value) throws Bad;
    }
}
