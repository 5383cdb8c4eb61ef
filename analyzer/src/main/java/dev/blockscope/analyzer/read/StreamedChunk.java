package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chunk whose records would not fit the heap (a 47 MB chunk of 2M suspensions maps to about
 * 200 MB of them), delivered in time order while it is decoded a second time.
 *
 * <p>A chunk's records are out of time order only where JFR wrote one thread's buffer after
 * another's: in file order they are a series of <em>runs</em>, stretches in non-decreasing time.
 * The first decoding ({@link Survey}, on a reader thread) keeps no record: it notes where each run
 * begins (the event's offset and the record's place among that event's records), its first time
 * and its length, and the chunk's carriers and stacks. The second ({@link #open}, as the chunk is
 * delivered) merges the runs: each is decoded from its own offset, an event at a time, when its
 * first time comes, so what is held is one event's records per run being merged, not the records
 * out of order. Ties go to the record earlier in the file, so the order is exactly the stable sort
 * of the whole chunk's records by time, as a held chunk is delivered.
 *
 * <p>Runs shorter than {@link #RUN} records (times that alternate between threads, say) are not
 * merged one by one: consecutive ones are taken together as a <em>group</em> of about
 * {@link #GROUP} records, decoded whole and sorted when its earliest time comes. So a chunk of N
 * records has at most 2N/{@value #RUN} + N/{@value #GROUP} + 1 runs and groups, however its
 * times go, and what a group holds is what the chunk has out of order within it.
 */
final class StreamedChunk implements ChunkStream {
    /** Records in time order from which a run is merged as itself, decoded an event at a time. */
    static final int RUN = 64;
    /** Records (at least) of a group of shorter runs, decoded whole and sorted. */
    static final int GROUP = 1024;

    /**
     * What the first decoding of a chunk left for the second: where its runs and groups begin
     * (in file order, each up to where the next begins), their earliest times and lengths, and
     * the chunk's carriers and stacks.
     */
    static final class Survey {
        private int[] at = new int[16];
        private byte[] skip = new byte[16];
        private int[] length = new int[16];
        private long[] earliest = new long[16];
        private boolean[] sorted = new boolean[16];
        private int parts;
        private long records;
        private long last = Long.MIN_VALUE;
        // the run being read: where it began, its first record's number and time
        private int runAt;
        private int runSkip;
        private long runFirst;
        private long runTime;
        // the group of short runs before it, when there is one
        private boolean grouping;
        private int groupAt;
        private int groupSkip;
        private long groupFirst;
        private long groupTime;
        private boolean finished;
        CarrierRefs carriers;
        StackTable stacks;

        /**
         * Notes the records {@code out} holds from {@code from} on, made by the event at chunk
         * offset {@code eventAt}, the next in file order.
         */
        void add(int eventAt, List<TraceEvent> out, int from) {
            for (int i = from; i < out.size(); i++) {
                long t = out.get(i).time();
                if (t < last || records == 0) {
                    endRun();
                    runAt = eventAt;
                    runSkip = i - from;
                    runFirst = records;
                    runTime = t;
                }
                last = t;
                records++;
            }
        }

        /** Ends the survey, after the chunk's last event. */
        void finish() {
            if (!finished) {
                endRun();
                endGroup(records);
                finished = true;
            }
        }

        /** Records the chunk made. */
        long records() {
            return records;
        }

        /** Runs and groups the chunk is merged from. */
        int parts() {
            return parts;
        }

        /** How many of them are runs (merged an event at a time), not groups. */
        int runs() {
            int n = 0;
            for (int p = 0; p < parts; p++) {
                n += sorted[p] ? 1 : 0;
            }
            return n;
        }

        /** The run being read ends where a record is earlier than the one before it (or the chunk ends). */
        private void endRun() {
            long n = records - runFirst;
            if (n == 0) {
                return;
            }
            if (n >= RUN) {
                endGroup(runFirst);
                part(runAt, runSkip, n, runTime, true);
                return;
            }
            if (!grouping) {
                grouping = true;
                groupAt = runAt;
                groupSkip = runSkip;
                groupFirst = runFirst;
                groupTime = runTime;
            } else {
                groupTime = Math.min(groupTime, runTime);
            }
            if (records - groupFirst >= GROUP) {
                endGroup(records);
            }
        }

        /** The group of short runs, if one is open, ends before record {@code end}. */
        private void endGroup(long end) {
            if (grouping) {
                part(groupAt, groupSkip, end - groupFirst, groupTime, false);
                grouping = false;
            }
        }

        private void part(int eventAt, int recordSkip, long n, long time, boolean run) {
            if (parts == at.length) {
                int size = parts * 2;
                at = Arrays.copyOf(at, size);
                skip = Arrays.copyOf(skip, size);
                length = Arrays.copyOf(length, size);
                earliest = Arrays.copyOf(earliest, size);
                sorted = Arrays.copyOf(sorted, size);
            }
            at[parts] = eventAt;
            // an event makes two records at most, so a run begins at its first or second
            skip[parts] = (byte) recordSkip;
            length[parts] = (int) n;
            earliest[parts] = time;
            sorted[parts] = run;
            parts++;
        }
    }

    /** One run or group being merged: its next record, that record's number in file order and its time. */
    private abstract static class Part {
        TraceEvent head;
        long seq;
        long time;

        /** Moves to the next record; false when there is none. */
        abstract boolean advance();

        final boolean before(Part o) {
            return time < o.time || time == o.time && seq < o.seq;
        }
    }

    private final FastChunkReader.Decoder decoder;
    private final Survey survey;
    private final int[] stackIds;
    /** Each part's first record's number in file order. */
    private final long[] first;
    /** The parts by their earliest time, then file order: the order in which they are opened. */
    private final int[] opening;
    private int opened;
    /** The parts open and not exhausted, a binary heap by next record (time, then file order). */
    private Part[] heap = new Part[16];
    private int size;
    /** Records decoded and not yet handed out. */
    private long held;
    private final List<TraceEvent> scratch = new ArrayList<>(4);

    private StreamedChunk(FastChunkReader.Decoder decoder, Survey survey, int[] stackIds) {
        this.decoder = decoder;
        this.survey = survey;
        this.stackIds = stackIds;
        survey.finish();
        int parts = survey.parts;
        this.first = new long[parts];
        long seq = 0;
        for (int p = 0; p < parts; p++) {
            first[p] = seq;
            seq += survey.length[p];
        }
        this.opening = stableOrder(survey.earliest, parts);
    }

    /**
     * Decodes {@code chunk} of {@code file} again, as surveyed; {@code stackIds} maps the chunk's
     * own stack ids to the analysis' (null: the same).
     */
    static StreamedChunk open(Path file, Chunk chunk, Survey survey, int[] stackIds) throws IOException {
        try {
            return new StreamedChunk(FastChunkReader.open(file, chunk, survey.stacks, survey.carriers), survey, stackIds);
        } catch (RuntimeException e) {
            throw new IOException(chunk.where() + " could not be read a second time (the file changed while it was read?): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        openDue();
        return size > 0;
    }

    @Override
    public long peekTime() {
        openDue();
        return heap[0].time;
    }

    @Override
    public TraceEvent next() {
        openDue();
        held--;
        Part top = heap[0];
        TraceEvent e = top.head;
        if (top.advance()) {
            siftDown(top);
        } else {
            Part lastPart = heap[--size];
            heap[size] = null;
            if (size > 0) {
                siftDown(lastPart);
            }
        }
        if (stackIds != null) {
            if (e instanceof TraceEvent.Blocked b && b.stack() >= 0) {
                return b.withStack(stackIds[b.stack()]);
            }
            if (e instanceof TraceEvent.ThreadSampled t && t.stack() >= 0) {
                return t.withStack(stackIds[t.stack()]);
            }
        }
        return e;
    }

    /** Runs and groups open and not exhausted. */
    int open() {
        return size;
    }

    /** Records decoded and not yet handed out: what the merge holds. */
    long held() {
        return held;
    }

    /**
     * Opens parts while the next to open could hold a record before the earliest held one: its
     * earliest time and first record's number bound every record of it from below.
     */
    private void openDue() {
        while (opened < opening.length) {
            int p = opening[opened];
            long t = survey.earliest[p];
            if (size > 0 && (t > heap[0].time || t == heap[0].time && first[p] > heap[0].seq)) {
                return;
            }
            opened++;
            Part part = survey.sorted[p] ? new Run(p) : new Group(p);
            if (part.advance()) {
                push(part);
            }
        }
    }

    /**
     * Adds to {@code into} the records of the event at {@code eventAt} that belong to {@code part}
     * (from the part's first record on, before the next part's first); returns the offset of the
     * event after it, or -1 at the chunk's end.
     */
    private int decode(int part, int eventAt, List<TraceEvent> into) {
        scratch.clear();
        int after = decoder.decodeAt(eventAt, scratch);
        int from = eventAt == survey.at[part] ? survey.skip[part] : 0;
        int to = scratch.size();
        int next = part + 1;
        if (next < survey.parts && eventAt == survey.at[next]) {
            to = Math.min(to, survey.skip[next]);
        }
        for (int i = from; i < to; i++) {
            into.add(scratch.get(i));
        }
        held += Math.max(0, to - from);
        return after;
    }

    /** Whether the event at {@code eventAt} is past the end of {@code part} (where the next part begins, or the chunk ends). */
    private boolean past(int part, int eventAt) {
        if (eventAt < 0) {
            return true;
        }
        int next = part + 1;
        return next < survey.parts && (eventAt > survey.at[next] || eventAt == survey.at[next] && survey.skip[next] == 0);
    }

    /** A run: decoded an event at a time from its own offset. */
    private final class Run extends Part {
        private final int part;
        private final List<TraceEvent> records = new ArrayList<>(2);
        private int nextEvent;
        private int taken;
        private long nextSeq;

        Run(int part) {
            this.part = part;
            this.nextEvent = survey.at[part];
            this.nextSeq = first[part];
        }

        @Override
        boolean advance() {
            while (taken == records.size()) {
                records.clear();
                taken = 0;
                if (past(part, nextEvent)) {
                    return false;
                }
                nextEvent = decode(part, nextEvent, records);
            }
            head = records.get(taken);
            records.set(taken++, null);
            seq = nextSeq++;
            time = head.time();
            return true;
        }
    }

    /** A group of short runs: decoded whole when opened, then handed out in (time, file order). */
    private final class Group extends Part {
        private final TraceEvent[] records;
        private final int[] order;
        private final long firstSeq;
        private int taken;

        Group(int part) {
            List<TraceEvent> all = new ArrayList<>(survey.length[part]);
            int event = survey.at[part];
            while (!past(part, event)) {
                event = decode(part, event, all);
            }
            records = all.toArray(new TraceEvent[0]);
            long[] times = new long[records.length];
            for (int i = 0; i < records.length; i++) {
                times[i] = records[i].time();
            }
            order = stableOrder(times, records.length);
            firstSeq = first[part];
        }

        @Override
        boolean advance() {
            if (taken == order.length) {
                return false;
            }
            int i = order[taken++];
            head = records[i];
            records[i] = null;
            seq = firstSeq + i;
            time = head.time();
            return true;
        }
    }

    private void push(Part part) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!part.before(heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = part;
    }

    /** Puts {@code part} at the root and moves it down to its place. */
    private void siftDown(Part part) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].before(heap[child])) {
                child = right;
            }
            if (!heap[child].before(part)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = part;
    }

    /** Positions 0..n-1 in ascending order of {@code key}, ties in position order (a bottom-up merge sort). */
    static int[] stableOrder(long[] key, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] other = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    other[k] = j >= hi || i < mid && key[order[i]] <= key[order[j]] ? order[i++] : order[j++];
                }
            }
            int[] swap = order;
            order = other;
            other = swap;
        }
        return order;
    }
}
