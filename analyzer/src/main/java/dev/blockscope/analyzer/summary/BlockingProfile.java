package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis.Blocking;
import dev.blockscope.analyzer.report.Analysis.NoStackRow;
import dev.blockscope.analyzer.report.Analysis.StackRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waiting time (SUSPENDED, BLOCKED, BLOCKED_PINNED) by reason and by stack and reason: the
 * blocking profile, ready for a flame graph. Callers apply task and time-window filters.
 */
public final class BlockingProfile {
    /** Per reason: count, total and max per stack index + 1 (slot 0 is "no stack"); grown as stacks appear. */
    private static final class PerReason {
        long total;
        long[] count = new long[16];
        long[] sum = new long[16];
        long[] max = new long[16];
        /** The blocker class all of a slot's waits share, {@link #MIXED} when they differ, null while none had one. */
        String[] blocker = new String[16];

        void add(int slot, long duration) {
            if (slot >= count.length) {
                int n = Math.max(slot + 1, count.length * 2);
                count = java.util.Arrays.copyOf(count, n);
                sum = java.util.Arrays.copyOf(sum, n);
                max = java.util.Arrays.copyOf(max, n);
                blocker = java.util.Arrays.copyOf(blocker, n);
            }
            total += duration;
            count[slot]++;
            sum[slot] += duration;
            max[slot] = Math.max(max[slot], duration);
        }

        /** Notes the blocker class of a wait just added to {@code slot} ({@code first}: the slot's first wait). */
        void blocker(int slot, String b, boolean first) {
            String was = blocker[slot];
            if (first) {
                blocker[slot] = b == null ? MIXED : b;
            } else if (was != MIXED && !was.equals(b)) {
                blocker[slot] = MIXED;
            }
        }
    }

    /** A slot whose waits were blocked on different classes, or on none. */
    private static final String MIXED = new String("");

    /** Waits without a stack of one reason and blocker class: count, total, max. */
    private static final class NoStack {
        long count;
        long total;
        long max;
    }

    // Called for every waiting interval: no allocation per call once a reason is known.
    private final Map<String, PerReason> reasons = new HashMap<>();
    // Waits without a stack, by reason, then blocker class ("" for none): a contention whose waits
    // are each under the agent's stack threshold has no stack to be found by, only its lock.
    private final Map<String, Map<String, NoStack>> noStack = new HashMap<>();
    // the last reason and blocker class without a stack and their entry: the next wait's are most often the same strings
    private String lastReason;
    private String lastBlocker;
    private NoStack lastNoStack;
    // the last reason added and its entry: a run of waits most often has one reason string, the same object
    private String lastPerReasonKey;
    private PerReason lastPerReason;

    /**
     * A waiting interval of {@code duration} nanos at {@code stack} (or -1) for {@code reason},
     * blocked on an object of class {@code blocker} (or null).
     */
    public void add(int stack, String reason, String blocker, long duration) {
        PerReason r = reason == lastPerReasonKey && lastPerReason != null ? lastPerReason : reasons.get(reason);
        if (r == null) {
            r = new PerReason();
            reasons.put(reason, r);
        }
        lastPerReasonKey = reason;
        lastPerReason = r;
        r.add(stack + 1, duration);
        r.blocker(stack + 1, blocker, r.count[stack + 1] == 1);
        if (stack < 0) {
            NoStack n = reason == lastReason && blocker == lastBlocker ? lastNoStack : null;
            if (n == null) {
                n = noStack.computeIfAbsent(reason, k -> new HashMap<>()).computeIfAbsent(blocker == null ? "" : blocker,
                        k -> new NoStack());
                lastReason = reason;
                lastBlocker = blocker;
                lastNoStack = n;
            }
            n.count++;
            n.total += duration;
            n.max = Math.max(n.max, duration);
        }
    }

    /** Adds everything {@code other} holds to this profile. */
    public void addAll(BlockingProfile other) {
        other.reasons.forEach((reason, o) -> {
            PerReason r = reasons.computeIfAbsent(reason, k -> new PerReason());
            for (int slot = o.count.length - 1; slot >= 0; slot--) {
                if (o.count[slot] > 0) {
                    boolean first = slot >= r.count.length || r.count[slot] == 0;
                    r.add(slot, 0); // grows the arrays
                    r.blocker(slot, o.blocker[slot] == MIXED ? null : o.blocker[slot], first);
                    r.count[slot] += o.count[slot] - 1;
                    r.sum[slot] += o.sum[slot];
                    r.max[slot] = Math.max(r.max[slot], o.max[slot]);
                }
            }
            r.total += o.total;
        });
        other.noStack.forEach((reason, byBlocker) -> byBlocker.forEach((blocker, o) -> {
            NoStack n = noStack.computeIfAbsent(reason, k -> new HashMap<>()).computeIfAbsent(blocker, k -> new NoStack());
            n.count += o.count;
            n.total += o.total;
            n.max = Math.max(n.max, o.max);
        }));
    }

    /** The profile, largest first. */
    public Blocking result() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        reasons.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, PerReason> e) -> e.getValue().total).reversed())
                .forEach(e -> byReason.put(e.getKey(), e.getValue().total));
        List<StackRow> rows = new ArrayList<>();
        reasons.forEach((reason, r) -> {
            for (int slot = 0; slot < r.count.length; slot++) {
                if (r.count[slot] > 0) {
                    String b = r.blocker[slot];
                    rows.add(new StackRow(slot - 1, reason, r.count[slot], r.sum[slot], r.max[slot], b == MIXED ? null : b));
                }
            }
        });
        rows.sort(Comparator.comparingLong(StackRow::total).reversed().thenComparingInt(StackRow::stack));
        List<NoStackRow> stackless = new ArrayList<>();
        noStack.forEach((reason, byBlocker) -> byBlocker.forEach((blocker, n) ->
                stackless.add(new NoStackRow(reason, blocker.isEmpty() ? null : blocker, n.count, n.total, n.max))));
        stackless.sort(Comparator.comparingLong(NoStackRow::total).reversed().thenComparing(NoStackRow::reason));
        return new Blocking(byReason, rows, stackless);
    }
}
