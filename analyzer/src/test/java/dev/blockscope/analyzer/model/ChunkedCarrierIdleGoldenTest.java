package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code blockscope.CarrierIdle} across chunks. JFR's periodic thread commits a carrier's idle
 * wait up to a second after it ended, and at each chunk end; a wait that was open at a chunk end
 * (reported then as a {@code blockscope.OpenSuspend}), or that ended while the chunk was being
 * closed, is committed in the next chunk, after the events of the chunk it ended in.
 *
 * <p>{@code golden/chunked-carrier-idle.jfr} is {@link ChunkedIdleLoad} recorded with the agent
 * (jar built at 02:14 UTC on 2026-11-28 from commit 503508f's schema, JDK 25.0.3): three chunks;
 * the test checks that premise with the chunk headers. Ground truth is what the JDK's
 * RecordingFile reads: each carrier's idle time is the union of its CarrierIdle intervals, its
 * own jdk.ThreadPark (inside them) and the idle wait still open when the last chunk ended (to
 * the window's end); no wait of a carrier is dropped or clipped.
 */
class ChunkedCarrierIdleGoldenTest {
    static final Path FILE = Path.of("src/test/resources/golden/chunked-carrier-idle.jfr");

    @TempDir Path dir;

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** One chunk of the file as its header gives it, with the CarrierIdle events RecordingFile reads in it. */
    record ChunkIdles(long start, List<long[]> idles) {}

    private List<ChunkIdles> chunks() throws Exception {
        byte[] all = Files.readAllBytes(FILE);
        ByteBuffer header = ByteBuffer.wrap(all);
        List<ChunkIdles> chunks = new ArrayList<>();
        for (int offset = 0; offset < all.length; ) {
            long size = header.getLong(offset + 8); // JFR chunk header: magic, version, size, cp, metadata, startNanos
            long start = header.getLong(offset + 32);
            Path one = dir.resolve("chunk-" + chunks.size() + ".jfr");
            Files.write(one, Arrays.copyOfRange(all, offset, Math.toIntExact(offset + size)));
            List<long[]> idles = new ArrayList<>();
            try (RecordingFile f = new RecordingFile(one)) {
                while (f.hasMoreEvents()) {
                    RecordedEvent e = f.readEvent();
                    if (e.getEventType().getName().equals("blockscope.CarrierIdle")) {
                        idles.add(new long[] {e.getLong("startNanos"), e.getLong("endNanos")});
                    }
                }
            }
            chunks.add(new ChunkIdles(start, idles));
            offset += Math.toIntExact(size);
        }
        return chunks;
    }

    @Test
    void idleWaitsCommittedInTheNextChunkAreFiledWhereTheyHappened() throws Exception {
        List<ChunkIdles> chunks = chunks();
        assertThat(chunks).as("premise: a multi-chunk recording").hasSize(3);
        long began = 0;
        long ended = 0;
        for (ChunkIdles c : chunks.subList(1, chunks.size())) {
            began += c.idles().stream().filter(i -> i[0] < c.start()).count();
            ended += c.idles().stream().filter(i -> i[1] < c.start()).count();
        }
        assertThat(began).as("premise: idle waits open at a chunk end, committed in the next chunk").isPositive();
        assertThat(ended).as("premise: idle waits that ended before a chunk began, committed in it").isPositive();

        Analysis a = RecordingAnalyzer.analyze(FILE, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        long windowEnd = a.window().startEpochNanos() + a.window().durationNanos();
        Map<Long, List<long[]>> waits = new HashMap<>();
        Map<Long, long[]> lastOpen = new HashMap<>();
        try (RecordingFile f = new RecordingFile(FILE)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String name = e.getEventType().getName();
                if (name.equals("blockscope.CarrierIdle")) {
                    waits.computeIfAbsent(e.getThread("carrier").getJavaThreadId(), k -> new ArrayList<>())
                            .add(new long[] {e.getLong("startNanos"), e.getLong("endNanos")});
                } else if (name.equals("jdk.ThreadPark") && e.getThread() != null && !e.getThread().isVirtual()) {
                    waits.computeIfAbsent(e.getThread().getJavaThreadId(), k -> new ArrayList<>())
                            .add(new long[] {nanos(e.getStartTime()), nanos(e.getEndTime())});
                } else if (name.equals("blockscope.OpenSuspend") && e.getString("reason").equals("carrier.idle")) {
                    long t = nanos(e.getStartTime());
                    long[] o = lastOpen.get(e.getLong("taskId"));
                    if (o == null || t >= o[1]) {
                        lastOpen.put(e.getLong("taskId"), new long[] {e.getLong("startNanos"), t});
                    }
                }
            }
        }
        List<Analysis.CarrierRow> carriers = a.carriers();
        assertThat(carriers).hasSize(2);
        for (Analysis.CarrierRow c : carriers) {
            List<long[]> mine = waits.getOrDefault(c.id(), new ArrayList<>());
            long[] open = lastOpen.get(c.id());
            if (open != null && open[1] >= chunks.getLast().start()) {
                // Reported open when the last chunk ended: still idle at the end, to the window's end.
                // (An OpenSuspend of an earlier chunk end is the wait a later CarrierIdle gives whole.)
                mine.add(new long[] {open[0], windowEnd});
            }
            assertThat(c.idle()).as("idle of %s", c.name()).isPositive().isEqualTo(union(mine));
        }
        assertThat(a.source().limits()).noneMatch(l -> l.contains("ignored"));
    }

    static long union(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(i -> i[0]));
        long total = 0;
        long to = Long.MIN_VALUE;
        for (long[] i : sorted) {
            long from = Math.max(i[0], to);
            if (i[1] > from) {
                total += i[1] - from;
                to = i[1];
            }
        }
        return total;
    }
}
