package dev.blockscope.analyzer.model;

import java.util.Comparator;
import java.util.List;

/** A short list of the first items by an order (the longest waits, the largest gaps), kept as they come. */
public final class TopN {
    private TopN() {}

    /**
     * Puts {@code item} into {@code top}, which stays sorted by {@code first} and at most
     * {@code max} long; of items that compare equal the one that came first stays first.
     */
    public static <T> void keep(List<T> top, T item, Comparator<? super T> first, int max) {
        int i = top.size();
        while (i > 0 && first.compare(top.get(i - 1), item) > 0) {
            i--;
        }
        if (i < max) {
            top.add(i, item);
            if (top.size() > max) {
                top.removeLast();
            }
        }
    }
}
