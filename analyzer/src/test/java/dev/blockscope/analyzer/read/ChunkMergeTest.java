package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order {@link ChunkMerge} delivers the events of overlapping chunks in: one time order across
 * the JDK's chunk and the agent's, which cover the same time.
 */
class ChunkMergeTest {
    private static final ThreadRef TASK = new ThreadRef(106947, "", true);
    private static final ThreadRef CARRIER = new ThreadRef(56, "ForkJoinPool-1-worker-2", false);

    private static TraceEvent.Blocked slept(long start, long end) {
        return new TraceEvent.Blocked(start, end, TASK, "sleep", false, null, CARRIER, CARRIER, 2, true, 1_000_000);
    }

    private static List<Long> times(List<TraceEvent> delivered) {
        return delivered.stream().map(TraceEvent::time).toList();
    }

    /**
     * The agent's chunk holds what its buffers held when it was written, so its first events can
     * be older than the moment the chunk was opened (a Jetty request thread's TaskStart 15 ms
     * before its chunk's start, its first wait in the JDK's chunk, ending 4.6 ms after the start):
     * the JDK's events of that time must wait for it, or the task's wait arrives before its start
     * and the task is taken for one that began before the recording.
     */
    @Test
    void aChunkWhoseEventsBeginBeforeItsStartIsMergedFromItsFirstEvent() {
        List<TraceEvent> delivered = new ArrayList<>();
        ChunkMerge merge = new ChunkMerge(delivered::add);
        List<TraceEvent> jdk = new ArrayList<>(List.of(slept(50_102, 54_671),
                new TraceEvent.Unparked(70_000, CARRIER, 1)));
        merge.add(jdk, 0);
        List<TraceEvent> agent = new ArrayList<>(List.of(
                new TraceEvent.TaskStarted(50_092, TASK, 33, CARRIER, true),
                new TraceEvent.TaskEnded(54_672, TASK, true)));
        merge.add(agent, 65_000); // its header's start, after the events it holds
        merge.finish();

        assertThat(times(delivered)).containsExactly(50_092L, 54_671L, 54_672L, 70_000L);
        assertThat(delivered.getFirst()).isInstanceOf(TraceEvent.TaskStarted.class);
    }

    @Test
    void overlappingChunksAreDeliveredInOneTimeOrder() {
        List<TraceEvent> delivered = new ArrayList<>();
        ChunkMerge merge = new ChunkMerge(delivered::add);
        merge.add(new ArrayList<>(List.of(slept(0, 10), slept(10, 30), slept(30, 50))), 0);
        merge.add(new ArrayList<>(List.of(slept(5, 20), slept(20, 40))), 5);
        merge.add(new ArrayList<>(List.of(slept(40, 45))), 42);
        merge.finish();

        assertThat(times(delivered)).containsExactly(10L, 20L, 30L, 40L, 45L, 50L);
    }
}
