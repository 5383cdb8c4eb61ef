package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What streaming each chunk of a recording would take: its records, the runs and groups the
 * survey finds, and the most the merge holds at once (runs and groups open, records decoded and
 * not yet delivered). Every chunk is streamed, whatever its size; the figures do not depend on
 * the heap. Run on the analyzer's test class path:
 * {@code java -cp analyzer/target/classes:analyzer/target/test-classes:cli/target/blockscope.jar
 * dev.blockscope.analyzer.read.StreamedChunkProfile FILE}.
 */
public final class StreamedChunkProfile {
    /** One chunk streamed: its records, runs and groups, how many of those are runs, and the most open and held at once. */
    record Profile(long records, int parts, int runs, int maxOpen, long maxHeld) {}

    private StreamedChunkProfile() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        for (Chunk chunk : ChunkScanner.scan(file, file).chunks()) {
            Profile p = of(file, chunk, e -> { });
            System.out.println(String.format(Locale.ROOT, "%s: %,d records, %,d runs and groups (%,d runs), at most %,d open"
                    + " and %,d records held", chunk.where(), p.records, p.parts, p.runs, p.maxOpen, p.maxHeld));
        }
    }

    /** Surveys {@code chunk} as the reader thread does, then streams it into {@code sink}. */
    static Profile of(Path file, Chunk chunk, Consumer<TraceEvent> sink) throws Exception {
        StackTable stacks = new StackTable();
        StreamedChunk.Survey survey = new StreamedChunk.Survey();
        FastChunkReader.Decoder first = FastChunkReader.open(file, chunk, stacks, null);
        List<TraceEvent> out = new ArrayList<>();
        while (true) {
            int at = first.position();
            if (!first.next(out)) {
                break;
            }
            survey.add(at, out, 0);
            out.clear();
        }
        survey.finish();
        survey.carriers = first.carriers();
        survey.stacks = stacks;
        StreamedChunk streamed = StreamedChunk.open(file, chunk, survey, null);
        int maxOpen = 0;
        long maxHeld = 0;
        while (streamed.hasNext()) {
            maxOpen = Math.max(maxOpen, streamed.open());
            maxHeld = Math.max(maxHeld, streamed.held());
            sink.accept(streamed.next());
        }
        if (streamed.held() != 0) {
            throw new IllegalStateException(chunk.where() + ": " + streamed.held() + " records held after the last was delivered");
        }
        return new Profile(survey.records(), survey.parts(), survey.runs(), maxOpen, maxHeld);
    }
}
