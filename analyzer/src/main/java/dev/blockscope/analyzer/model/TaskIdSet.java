package dev.blockscope.analyzer.model;

/**
 * A set of thread ids as a paged bitset: one bit per id in pages of 4,096 ids. The JVM gives
 * thread ids in sequence, so the ids of millions of tasks fill few pages (4M tasks: about 512 KB),
 * where a {@code HashSet<Long>} costs some 50 bytes an id. Ids far apart cost a page each (512
 * bytes), which bounds a foreign file's worst case by its tasks. Exact: {@link #size()} counts
 * distinct ids.
 */
public final class TaskIdSet {
    private static final int PAGE_BITS = 12;
    private static final int WORDS = (1 << PAGE_BITS) / 64;

    private final LongMap<long[]> pages = new LongMap<>();
    private long size;
    // the page last touched: consecutive ids are the common case
    private long lastKey = Long.MIN_VALUE;
    private long[] lastPage;

    /** Adds {@code id}; true when it was not there. */
    public boolean add(long id) {
        long[] page = page(id >> PAGE_BITS, true);
        int bit = (int) (id & ((1 << PAGE_BITS) - 1));
        long mask = 1L << (bit & 63);
        if ((page[bit >>> 6] & mask) != 0) {
            return false;
        }
        page[bit >>> 6] |= mask;
        size++;
        return true;
    }

    /** Whether {@code id} is in the set. */
    public boolean contains(long id) {
        long[] page = page(id >> PAGE_BITS, false);
        if (page == null) {
            return false;
        }
        int bit = (int) (id & ((1 << PAGE_BITS) - 1));
        return (page[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    /** Number of distinct ids added. */
    public long size() {
        return size;
    }

    private long[] page(long key, boolean create) {
        if (key == lastKey) {
            return lastPage;
        }
        long[] page = pages.get(key);
        if (page == null) {
            if (!create) {
                return null;
            }
            page = new long[WORDS];
            pages.put(key, page);
        }
        lastKey = key;
        lastPage = page;
        return page;
    }
}
