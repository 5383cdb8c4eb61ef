package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a preview of so many bytes ends ({@link RecordingReader#timeHolding}): each chunk's bytes spread over its span. */
class PreviewEndTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    private static Chunk chunk(int index, long startSeconds, long lengthNanos, long size) {
        return new Chunk(index, 0, size, T0 + startSeconds * S, lengthNanos, false);
    }

    /**
     * The layout of a soak's recording: the JDK's one chunk (0.5 MB over all 47 s) beside
     * blockscope's (8.6 MB every 2 s). 8 MB are held 1.856 s in, not at the JDK chunk's start
     * (its 0.5 MB counted whole there) nor at the end of blockscope's first chunk.
     */
    @Test
    void aChunkRunningBesideTheOthersCountsForItsShare() {
        List<Chunk> chunks = List.of(chunk(0, 0, 47 * S, 500_000), chunk(1, 0, 2 * S, 8_600_000), chunk(2, 2, 2 * S, 8_600_000),
                chunk(3, 4, 2 * S, 8_600_000));
        double perNano = 8_600_000 / 2e9 + 500_000 / 47e9;
        long expected = (long) Math.ceil(8_000_000 / perNano);
        assertThat(RecordingReader.timeHolding(chunks, 8_000_000) - T0).isBetween(expected - 2, expected + 2);
        // past blockscope's first chunk: its bytes whole, then the second's share
        long more = RecordingReader.timeHolding(chunks, 10_000_000) - T0;
        assertThat(more).isGreaterThan(2 * S).isLessThan(3 * S);
    }

    @Test
    void moreThanTheChunksHoldIsPastTheirEnd() {
        List<Chunk> chunks = List.of(chunk(0, 0, S, 1_000), chunk(1, 1, S, 1_000));
        assertThat(RecordingReader.timeHolding(chunks, 2_001)).isEqualTo(T0 + 2 * S + 1);
        assertThat(RecordingReader.timeHolding(chunks, 2_000)).isEqualTo(T0 + 2 * S);
        assertThat(RecordingReader.timeHolding(chunks, 1)).isBetween(T0, T0 + 1_000_000);
    }

    /** A chunk without a span (a header cut short) holds all its bytes at its start. */
    @Test
    void aChunkWithoutASpanHoldsItsBytesAtItsStart() {
        List<Chunk> chunks = List.of(chunk(0, 0, 0, 5_000), chunk(1, 3, 0, 5_000));
        assertThat(RecordingReader.timeHolding(chunks, 5_000)).isEqualTo(T0);
        assertThat(RecordingReader.timeHolding(chunks, 5_001)).isEqualTo(T0 + 3 * S);
    }

    /**
     * A preview's chunks skip, undecoded, the events that start after its end (they would be
     * dropped): the preview is the same analysis as when they are decoded and dropped, for
     * previews ending inside a chunk and just past one. Only the stack table may differ: a
     * dropped event's stack, decoded, was kept there unused (and shifted the ids after it), so
     * the stacks are compared by their frames.
     */
    @Test
    void skippingWhatStartsAfterThePreviewsEndChangesNothing() throws Exception {
        java.nio.file.Path chunked = java.nio.file.Path.of("src/test/resources/golden/chunked-carrier-idle.jfr");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (long bytes : new long[] {1, 347_082 * 3 / 4, 347_083, 500_000}) {
            com.fasterxml.jackson.databind.JsonNode[] trees = new com.fasterxml.jackson.databind.JsonNode[2];
            int[] stacks = new int[2];
            for (int skip = 0; skip < 2; skip++) {
                RecordingReader.skipPastPreview = skip == 1;
                try (dev.blockscope.analyzer.RecordingAnalyzer.Full p = dev.blockscope.analyzer.RecordingAnalyzer.analyzePreview(chunked,
                        dev.blockscope.analyzer.AnalysisOptions.DEFAULT, bytes)) {
                    com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(dev.blockscope.analyzer.report.AnalysisJson.bytes(p.analysis()));
                    stacks[skip] = tree.get("stacks").size();
                    trees[skip] = framesForStackIds(tree, tree.get("stacks"));
                } finally {
                    RecordingReader.skipPastPreview = true;
                }
            }
            assertThat(trees[1].toString()).as("a preview of %d bytes", bytes).isEqualTo(trees[0].toString()).contains("a preview: ");
            assertThat(stacks[1]).isLessThanOrEqualTo(stacks[0]);
        }
    }

    /** {@code node} with each stack id (a field named "stack", or the timeline's column of them) replaced by its frames, and no stack table. */
    private static com.fasterxml.jackson.databind.JsonNode framesForStackIds(com.fasterxml.jackson.databind.JsonNode node,
                                                                            com.fasterxml.jackson.databind.JsonNode table) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("stacks");
            java.util.List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                com.fasterxml.jackson.databind.JsonNode v = o.get(name);
                if (name.equals("stack") && v.isInt()) {
                    o.set(name, v.asInt() < 0 ? v : table.get(v.asInt()));
                } else if (name.equals("stack") && v.isArray()) {
                    com.fasterxml.jackson.databind.node.ArrayNode frames = o.arrayNode();
                    v.forEach(id -> frames.add(id.asInt() < 0 ? id : table.get(id.asInt())));
                    o.set(name, frames);
                } else {
                    framesForStackIds(v, table);
                }
            }
        } else if (node.isArray()) {
            node.forEach(e -> framesForStackIds(e, table));
        }
        return node;
    }
}
