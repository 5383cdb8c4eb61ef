package dev.blockscope.analyzer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.blockscope.analyzer.model.ReasonFamily;

/**
 * The summary's worst waits: the blocking profile's rows grouped by call site (the default), by
 * the first application frame, or by reason, largest first.
 *
 * <ul>
 *   <li>A <em>site</em> is a reason and the stack's application frames that are not generated,
 *       normalized ({@link StackFrames#site}): stacks that differ only in the JDK's frames or in a
 *       lambda's run-time address are one site. A row is labelled by its first application frame;
 *       where rows of one reason share it, by the first frame where they differ too ("at
 *       Util.pause:5 from Fetcher.run:11").</li>
 *   <li>Waits without a stack are grouped by the class of the object they waited on ("on
 *       ReentrantReadWriteLock$FairSync (no stack)"): a contention whose waits are each under the
 *       agent's stack threshold shows there.</li>
 *   <li>What has no application frame and no blocker class (the JDK's own threads idling, waits
 *       without either) is summed by reason on a line of its own: {@link #leftOut}.</li>
 *   <li>Waits the agent itself caused (the {@link ReasonFamily#AGENT} family: a task held until the
 *       recording ran) are not the application's: they are summed apart, {@link #agentHeld}.</li>
 * </ul>
 */
public final class WorstWaits {
    /** How rows are grouped. */
    public enum By { SITE, FRAME, REASON }

    /**
     * One row: a reason, what identifies the group ({@code label}, without "at"/"on"), its waits,
     * and the class every one of them was blocked on ({@code blocker}; null when they differ or
     * none is known).
     */
    public record Row(String reason, String label, long total, long count, long max, String blocker) {}

    /** Time and waits of one reason. */
    public record ReasonTotal(String reason, long total, long count) {}

    private final List<Row> rows;
    private final List<ReasonTotal> leftOut;
    private final List<ReasonTotal> byReason;
    private final List<ReasonTotal> agentHeld;

    private WorstWaits(List<Row> rows, List<ReasonTotal> leftOut, List<ReasonTotal> byReason, List<ReasonTotal> agentHeld) {
        this.rows = rows;
        this.leftOut = leftOut;
        this.byReason = byReason;
        this.agentHeld = agentHeld;
    }

    /** Waits the agent caused (a task held until its recording ran), by reason: in no row, and in {@link #byReason}. */
    public List<ReasonTotal> agentHeld() {
        return agentHeld;
    }

    /** Whether a wait of {@code reason} is the agent's doing rather than the application's. */
    public static boolean agentCaused(String reason) {
        return ReasonFamily.of(reason) == ReasonFamily.AGENT;
    }

    /** The rows, largest first (all of them: callers show the top ones). */
    public List<Row> rows() {
        return rows;
    }

    /** Waits in no row (no application frame, and no stack or no blocker class), by reason, largest first. */
    public List<ReasonTotal> leftOut() {
        return leftOut;
    }

    /** Every wait of the blocking profile by reason, largest first. */
    public List<ReasonTotal> byReason() {
        return byReason;
    }

    /** The worst waits of {@code a}, grouped {@code by}. */
    public static WorstWaits of(Analysis a, By by) {
        Map<String, long[]> groups = new LinkedHashMap<>(); // key -> {total, count, max}
        Map<String, String[]> keys = new LinkedHashMap<>(); // key -> {reason, label or null, site frames joined by \n}
        Map<String, String> blockers = new LinkedHashMap<>(); // key -> the blocker all its rows share, else empty
        Map<String, long[]> rest = new LinkedHashMap<>();
        Map<String, long[]> all = new LinkedHashMap<>();
        Map<String, long[]> agent = new LinkedHashMap<>();
        for (Analysis.StackRow r : a.blocking().byStack()) {
            add(all, r.reason(), r.total(), r.count(), r.max());
            if (agentCaused(r.reason())) {
                add(agent, r.reason(), r.total(), r.count(), r.max());
                continue;
            }
            if (r.stack() < 0) {
                continue; // by blocker class below
            }
            List<String> site = StackFrames.site(a.stacks().get(r.stack()));
            if (site.isEmpty() && by != By.REASON) {
                add(rest, r.reason(), r.total(), r.count(), r.max());
                continue;
            }
            String key = switch (by) {
                case SITE -> r.reason() + "\n" + String.join("\n", site);
                case FRAME -> r.reason() + "\n" + site.getFirst();
                case REASON -> r.reason();
            };
            add(groups, key, r.total(), r.count(), r.max());
            blockers.merge(key, r.blocker() == null ? "" : r.blocker(), (was, now) -> was.equals(now) ? was : "");
            keys.putIfAbsent(key, new String[] {r.reason(), by == By.REASON ? null : site.getFirst(),
                    by == By.REASON ? null : String.join("\n", site)});
        }
        for (Analysis.NoStackRow r : a.blocking().noStack()) {
            if (agentCaused(r.reason())) {
                continue; // in agent from byStack: every wait is there, stack or not
            }
            if (r.blocker() == null && by != By.REASON) {
                add(rest, r.reason(), r.total(), r.count(), r.max());
                continue;
            }
            String key = by == By.REASON ? r.reason() : r.reason() + "\non " + r.blocker();
            add(groups, key, r.total(), r.count(), r.max());
            blockers.merge(key, r.blocker() == null ? "" : r.blocker(), (was, now) -> was.equals(now) ? was : "");
            keys.putIfAbsent(key, new String[] {r.reason(), by == By.REASON ? null : "on " + r.blocker() + " (no stack)", null});
        }
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>> sameLabel = new LinkedHashMap<>();
        groups.forEach((key, v) -> {
            String[] k = keys.get(key);
            if (by == By.SITE && k[2] != null) {
                sameLabel.computeIfAbsent(k[0] + "\n" + k[1], x -> new ArrayList<>()).add(key);
            }
        });
        Map<String, String> labels = new LinkedHashMap<>();
        sameLabel.values().forEach(list -> {
            if (list.size() > 1) {
                list.forEach(key -> labels.put(key, whereItDiffers(keys.get(key)[2], list.stream().map(o -> keys.get(o)[2]).toList())));
            }
        });
        groups.forEach((key, v) -> {
            String[] k = keys.get(key);
            String label = labels.getOrDefault(key, k[1] == null ? null : k[1].startsWith("on ") ? k[1] : "at " + k[1]);
            String blocker = blockers.getOrDefault(key, "");
            rows.add(new Row(k[0], label, v[0], v[1], v[2], blocker.isEmpty() ? null : blocker));
        });
        rows.sort(Comparator.comparingLong(Row::total).reversed().thenComparing(Row::reason));
        return new WorstWaits(rows, sorted(rest), sorted(all), sorted(agent));
    }

    /**
     * "at FIRST from FRAME": FRAME is where this site parts from every other site sharing its first
     * frame (the first depth at which no other site has the same frames from the top down), so two
     * rows that part from a third at the same frame, and from each other further out, are told apart.
     */
    private static String whereItDiffers(String site, List<String> sharing) {
        String[] mine = site.split("\n");
        List<String[]> others = sharing.stream().filter(o -> !o.equals(site)).map(o -> o.split("\n")).toList();
        for (int d = 1; d < mine.length; d++) {
            int depth = d;
            boolean alone = others.stream().noneMatch(o -> sharesPrefix(o, mine, depth));
            if (alone) {
                return "at " + mine[0] + " from " + mine[d];
            }
        }
        return "at " + mine[0] + " (outermost)"; // another site goes further out than this one
    }

    /** Whether {@code other} has {@code mine}'s frames 0 to {@code depth}. */
    private static boolean sharesPrefix(String[] other, String[] mine, int depth) {
        if (other.length <= depth) {
            return false;
        }
        for (int k = 0; k <= depth; k++) {
            if (!other[k].equals(mine[k])) {
                return false;
            }
        }
        return true;
    }

    private static void add(Map<String, long[]> to, String key, long total, long count, long max) {
        long[] v = to.computeIfAbsent(key, k -> new long[3]);
        v[0] += total;
        v[1] += count;
        v[2] = Math.max(v[2], max);
    }

    private static List<ReasonTotal> sorted(Map<String, long[]> byReason) {
        List<ReasonTotal> out = new ArrayList<>();
        byReason.forEach((r, v) -> out.add(new ReasonTotal(r, v[0], v[1])));
        out.sort(Comparator.comparingLong(ReasonTotal::total).reversed().thenComparing(ReasonTotal::reason));
        return out;
    }

    /** "sleep 20.0 s in 736, park.latch 5.00 s in 1": the first {@code limit} totals, for one line of text. */
    public static String line(List<ReasonTotal> totals, int limit) {
        return String.join(", ", totals.stream().limit(limit)
                .map(t -> String.format(Locale.ROOT, "%s %s in %,d", t.reason(), Durations.format(t.total()), t.count())).toList());
    }
}
