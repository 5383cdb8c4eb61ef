package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis.Blocking;
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
    private record Key(int stack, String reason) {}

    private static final class Agg {
        long count;
        long total;
        long max;
    }

    private final Map<String, Long> byReason = new HashMap<>();
    private final Map<Key, Agg> byStack = new HashMap<>();

    /** A waiting interval of {@code duration} nanos at {@code stack} (or -1) for {@code reason}. */
    public void add(int stack, String reason, long duration) {
        byReason.merge(reason, duration, Long::sum);
        Agg a = byStack.computeIfAbsent(new Key(stack, reason), k -> new Agg());
        a.count++;
        a.total += duration;
        a.max = Math.max(a.max, duration);
    }

    /** The profile, largest first. */
    public Blocking result() {
        Map<String, Long> reasons = new LinkedHashMap<>();
        byReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> reasons.put(e.getKey(), e.getValue()));
        List<StackRow> rows = new ArrayList<>();
        byStack.forEach((k, a) -> rows.add(new StackRow(k.stack(), k.reason(), a.count, a.total, a.max)));
        rows.sort(Comparator.comparingLong(StackRow::total).reversed().thenComparingInt(StackRow::stack));
        return new Blocking(reasons, rows);
    }
}
