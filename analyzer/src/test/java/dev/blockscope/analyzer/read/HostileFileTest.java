package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per failure issue 14 found in files blockscope did not write: each hung, ran out of
 * memory, or said nothing about damage before the reader validated what it reads. The input is
 * the committed golden recording ({@code ./blockscope demo}, one chunk) with one value changed.
 */
class HostileFileTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/demo.jfr");
    /** Far more than any of these takes when it works (well under a second each). */
    static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static byte[] golden;
    static Analysis clean;

    @BeforeAll
    static void load() throws IOException {
        golden = Files.readAllBytes(GOLDEN);
        clean = analyze(GOLDEN);
    }

    static Analysis analyze(Path file) throws IOException {
        return RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
    }

    /** Analyzes {@code bytes} within {@link #BOUND}; an error other than a RecordingException fails the test. */
    static Analysis analyze(String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        return assertTimeoutPreemptively(BOUND, () -> analyze(file));
    }

    static String skipped(Analysis a) {
        return String.join("\n", a.source().skipped().stream().map(Analysis.Skipped::what).toList());
    }

    // Hang: the JDK's RecordingFile waits forever for an unfinished chunk's metadata.
    @Test
    void aChunkWhoseSizeIsZeroIsReadAsUnfinishedNotHandedToTheJdkReader() throws Exception {
        Analysis a = analyze("size0.jfr", Mutations.withHeaderLong(golden, 0, Mutations.SIZE, 0));
        assertThat(skipped(a)).contains("chunk 0");
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    // OutOfMemoryError: a tick rate of 0 made every time infinite, and the window's size an array's.
    @Test
    void aTickRateOfZeroIsDamageNamedInTheHeader() throws Exception {
        assertThatThrownBy(() -> analyze("tps0.jfr", Mutations.withHeaderLong(golden, 0, Mutations.TICKS_PER_SECOND, 0)))
                .isInstanceOf(RecordingException.class).hasMessageContaining("tick rate").hasMessageContaining("byte 56");
    }

    // OutOfMemoryError, or years of UNKNOWN with exit 0: one flipped bit in startTicks.
    @ParameterizedTest
    @ValueSource(ints = {36, 40, 50, 62})
    void aFlippedBitInStartTicksIsDamage(int bit) throws Exception {
        Analysis a = analyze("ticks" + bit + ".jfr", Mutations.flipHeaderBit(golden, 0, Mutations.START_TICKS, bit));
        assertThat(skipped(a)).contains("chunk 0").contains("clock");
        assertThat(a.window().durationNanos()).isLessThan(Duration.ofDays(1).toNanos()).isNotNegative();
    }

    // "SUSPENDED 200 ns (100.0%)" with exit 0: a bit flip in the tick rate.
    @ParameterizedTest
    @ValueSource(ints = {33, 40, 61})
    void aFlippedBitInTheTickRateIsDamage(int bit) throws Exception {
        byte[] bytes = Mutations.flipHeaderBit(golden, 0, Mutations.TICKS_PER_SECOND, bit);
        try {
            Analysis a = analyze("tps" + bit + ".jfr", bytes);
            assertThat(skipped(a)).contains("chunk 0").contains("tick");
        } catch (RecordingException e) {
            assertThat(e).hasMessageContaining("tick rate");
        }
    }

    // "the recording is damaged ... events outside that span are left out" on sound plain JFR
    // recordings of a soak: the JDK ends a chunk with small checkpoints stamped when their thread's
    // entry was made (there up to 14 s before the chunk began). Such a checkpoint is no damage.
    @Test
    void aCheckpointStampedBeforeTheChunkBeganIsNotDamage() throws Exception {
        long start = Mutations.headerLong(golden, 0, Mutations.START_TICKS);
        long perSecond = Mutations.headerLong(golden, 0, Mutations.TICKS_PER_SECOND);
        List<Mutations.Event> checkpoints = Mutations.events(golden, 0).stream().filter(e -> e.type() == 1).toList();
        Mutations.Event last = checkpoints.get(checkpoints.size() - 2);
        long earlier = start - perSecond * 3 / 2;
        assertThat(earlier).as("room in the golden file's clock for a checkpoint 1.5 s before its start").isPositive();
        Analysis a = analyze("old-checkpoint.jfr", Mutations.withStartTicks(golden, last, earlier));
        assertThat(skipped(a)).doesNotContain("clock");
        assertThat(a.source().events()).isEqualTo(clean.source().events());
        assertThat(a.tasks()).hasSameSizeAs(clean.tasks());
    }

    // kill -9 just after JFR began a chunk: its file has a header saying it is unfinished and a few
    // events, no metadata yet. In a directory of a killed JVM's chunks that is the input's limit,
    // not damage (KillNineTest exited 1 on it when the kill came at a rotation).
    @Test
    void aKilledJvmsChunkBegunBeforeItsMetadataIsALimitOfTheDirectory() throws Exception {
        Path chunks = Files.createDirectories(dir.resolve("killed.jfr.chunks"));
        Files.write(chunks.resolve("a.jfr"), golden);
        byte[] begun = Mutations.cut(Mutations.withHeaderLong(golden, 0, Mutations.SIZE, Mutations.HEADER), 9_000);
        begun[64] = 1; // file state: the JVM is still writing it
        Files.write(chunks.resolve("b.jfr"), begun);
        Analysis a = assertTimeoutPreemptively(BOUND, () -> analyze(chunks));
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.source().limits()).anyMatch(l -> l.contains("was begun just before the JVM ended"));
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    // A directory whose files are all finished chunks (a kill that came just as a chunk was closed,
    // before the next one was made) is still a killed JVM's leftovers: the limits say where the
    // events came from (KillNineTest missed the line when the kill came at a rotation).
    @Test
    void aDirectoryOfFinishedChunksSaysItWasReadFromADirectory() throws Exception {
        Path chunks = Files.createDirectories(dir.resolve("finished.jfr.chunks"));
        Files.write(chunks.resolve("chunk-00001.jfr"), golden);
        Analysis a = assertTimeoutPreemptively(BOUND, () -> analyze(chunks));
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("read from the directory " + chunks + ": 1 chunk file(s)"));
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    // "tasks: 0" from 33,095 events with exit 0: a constant-pool offset of 0.
    @Test
    void aConstantPoolOffsetOfZeroIsDamageAndThePoolsAreFoundByWalkingTheChunk() throws Exception {
        Analysis a = analyze("cp0.jfr", Mutations.withHeaderLong(golden, 0, Mutations.CONSTANT_POOLS, 0));
        assertThat(skipped(a)).contains("chunk 0").contains("constant pool");
        assertThat(a.tasks()).hasSameSizeAs(clean.tasks());
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    @Test
    void aMetadataOffsetOutOfRangeIsDamageAndTheMetadataIsFoundByWalkingTheChunk() throws Exception {
        Analysis a = analyze("meta.jfr", Mutations.withHeaderLong(golden, 0, Mutations.METADATA, 1L << 40));
        assertThat(skipped(a)).contains("chunk 0").contains("metadata");
        assertThat(a.tasks()).hasSameSizeAs(clean.tasks());
    }

    // OutOfMemoryError: a maximal varint in an event's data (its start time here). With a ninth
    // byte of 0x80 or more the time is far before 1970; the first event delivered set the
    // window's origin, and the window's length overflowed into the pinning grid's size.
    @ParameterizedTest
    @ValueSource(ints = {0x7F, 0xFF, 0x01, 0x80, 0xC0})
    void aMaximalVarintInEventDataCostsThatEventAndIsDamage(int last) throws Exception {
        List<Mutations.Event> events = Mutations.events(golden, 0).stream().filter(e -> e.type() > 1 && e.size() > 20).toList();
        byte[] bytes = golden;
        for (int i = 0; i < events.size(); i += events.size() / 7) {
            bytes = Mutations.maximalVarint(bytes, events.get(i), (byte) last);
        }
        Analysis a = analyze("varint" + last + ".jfr", bytes);
        assertThat(skipped(a)).contains("chunk 0");
        assertThat(a.window().durationNanos()).isEqualTo(clean.window().durationNanos());
    }

    // "none of its events could be read", even 10 bytes short of the end.
    @ParameterizedTest
    @ValueSource(ints = {10, 100, 30_000, 100_000, 200_000})
    void aSingleChunkCutShortKeepsTheEventsBeforeTheCut(int missing) throws Exception {
        Analysis a = analyze("cut" + missing + ".jfr", Mutations.cut(golden, golden.length - missing));
        assertThat(skipped(a)).contains("chunk 0").contains("truncated");
        assertThat(a.source().events()).isPositive();
        assertThat(a.tasks()).isNotEmpty();
        if (missing == 10) {
            // the cut took only the final checkpoint, which repeats the chunk header: nothing is lost
            assertThat(a.tasks()).hasSameSizeAs(clean.tasks());
        }
        if (missing == 100) {
            // the cut took part of the checkpoint with the last threads: their waits cannot be
            // told apart, and the limits say so
            assertThat(a.tasks()).hasSizeLessThan(clean.tasks().size());
            assertThat(a.source().limits()).anySatisfy(l -> assertThat(l).startsWith("chunk 0 ")
                    .contains("reference(s) to threads").contains("could not be resolved").contains("written after the cut"));
        }
    }

    // The JDK writes the metadata after the chunk's first checkpoint (bytes 9506-123831 here):
    // cut before its end, nothing can be decoded, and the message says why.
    @ParameterizedTest
    @ValueSource(ints = {9_000, 97_032})
    void aRecordingCutBeforeItsFirstMetadataEndsSayingWhy(int length) throws Exception {
        assertThatThrownBy(() -> analyze("cut-early-" + length + ".jfr", Mutations.cut(golden, length)))
                .isInstanceOf(RecordingException.class).hasMessageContaining("truncated").hasMessageContaining("no metadata");
    }

    // A second way the JDK's reader hangs: checkpoints whose deltas point at each other. Neither
    // reader may follow the chain; the JDK's is not given the chunk, the fast one walks it.
    @Test
    void checkpointsWhoseDeltasLoopAreDamageNotAHang() throws Exception {
        Path file = Files.write(dir.resolve("cp-loop.jfr"), ChunkBuilder.jdk11WithCheckpointLoop(1_700_000_000_000_000_000L));
        for (RecordingReader.Engine engine : RecordingReader.Engine.values()) {
            System.setProperty(RecordingReader.READER_PROPERTY, engine.name());
            try {
                Analysis a = assertTimeoutPreemptively(BOUND, () -> analyze(file));
                assertThat(skipped(a)).as(engine.name()).contains("chunk 0").contains("checkpoint");
                assertThat(a.tasks()).as(engine.name()).extracting(Analysis.TaskRow::name).contains("worker", "main");
            } finally {
                System.clearProperty(RecordingReader.READER_PROPERTY);
            }
        }
    }

    // StackOverflowError, caught and reported as "metadata nested too deep": 20,000 struct types,
    // each holding the next inline. A StackOverflowError is no longer taken for damage (it may be
    // the JVM's or a bug), so the nesting is bounded explicitly, and the check itself stays
    // shallow: here on a thread with a small stack, where the old check overflowed.
    @Test
    void typesNestedInlineTooDeepAreDamageSaidSoNotAStackOverflow() throws Exception {
        int depth = 20_000;
        ChunkBuilder b = new ChunkBuilder(2, 1).type(10, "long", null).type(13, "java.lang.String", null)
                .type(100, "jdk.JVMInformation", "jdk.jfr.Event", ChunkBuilder.Field.of("startTime", 10),
                        ChunkBuilder.Field.of("jvmVersion", 13));
        for (int i = 0; i < depth; i++) {
            b.type(1000 + i, "t" + i, null, i + 1 < depth ? ChunkBuilder.Field.of("next", 1000 + i + 1) : ChunkBuilder.Field.of("v", 10));
        }
        b.event(100, 5_000_000L, "OpenJDK 64-Bit Server VM (25+36) for linux-amd64 JRE (25+36)");
        Path file = Files.write(dir.resolve("nested.jfr"), b.build(1_700_000_000_000_000_000L, 200_000_000L, 4_000_000L, 1_000_000_000L));
        for (RecordingReader.Engine engine : RecordingReader.Engine.values()) {
            Throwable[] thrown = {null};
            RecordingReader.Result[] result = {null};
            Thread small = new Thread(null, () -> {
                try (RecordingReader reader = RecordingReader.open(file, engine)) {
                    result[0] = reader.read(new StackTable(), e -> { }, RecordingReader.Progress.NONE);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            }, "small-stack", 256 << 10);
            System.setProperty(RecordingReader.THREADS_PROPERTY, "1"); // the chunk is parsed on that thread
            try {
                small.start();
                small.join(BOUND.toMillis());
            } finally {
                System.clearProperty(RecordingReader.THREADS_PROPERTY);
            }
            assertThat(small.isAlive()).as(engine.name()).isFalse();
            assertThat(thrown[0]).as(engine.name()).isInstanceOf(RecordingException.class)
                    .hasMessageContaining("types nested inline deeper than 32 levels");
        }
    }

    // Found by ChunkReaderFuzzTest once Errors were no longer taken for damage: the JDK's reader
    // refuses an event type whose name is no Java name with an InternalError of its own, which is
    // damage of the file (the JVM's own InternalErrors are not).
    @Test
    void anEventTypeNameTheJdkReaderRefusesIsDamageNotAnError() throws Exception {
        byte[] chunk = ChunkBuilder.jdk11(1_700_000_000_000_000_000L);
        byte[] from = "jdk.JavaMonitorWait".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] to = "jdk.Jav+MonitorWait".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(chunk, from);
        assertThat(at).isPositive();
        System.arraycopy(to, 0, chunk, at, to.length);
        Path file = Files.write(dir.resolve("bad-type-name.jfr"), chunk);
        System.setProperty(RecordingReader.READER_PROPERTY, RecordingReader.Engine.JDK.name());
        try {
            assertThatThrownBy(() -> assertTimeoutPreemptively(BOUND, () -> analyze(file)))
                    .isInstanceOf(RecordingException.class).hasMessageContaining("chunk 0").hasMessageContaining("not a valid Java type");
        } finally {
            System.clearProperty(RecordingReader.READER_PROPERTY);
        }
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (in[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aDuplicatedChunkIsSkippedAndSaidSo() throws Exception {
        Analysis a = analyze("twice.jfr", Mutations.append(golden, golden));
        assertThat(skipped(a)).contains("chunk 1").contains("repeats chunk 0");
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    // Long.MAX_VALUE in chunk 1 overflowed the offset of the chunk after it ("Negative position",
    // from the mutation campaign, seed 2026 case 1548).
    @ParameterizedTest
    @ValueSource(strings = {"0:1099511627776", "0:9223372036854775807", "347082:9223372036854775807"})
    void aSizeBeyondTheFileInOneOfThreeChunksCostsNoOtherChunk(String chunkAndSize) throws Exception {
        Path chunked = Path.of("src/test/resources/golden/chunked-carrier-idle.jfr");
        Analysis whole = analyze(chunked);
        byte[] bytes = Files.readAllBytes(chunked);
        String[] p = chunkAndSize.split(":");
        Analysis a = analyze("size-huge-" + p[0] + "-" + p[1] + ".jfr",
                Mutations.withHeaderLong(bytes, Integer.parseInt(p[0]), Mutations.SIZE, Long.parseLong(p[1])));
        assertThat(skipped(a)).startsWith(p[0].equals("0") ? "chunk 0" : "chunk 1").contains("runs past the end of the file");
        assertThat(a.source().events()).isEqualTo(whole.source().events());
        assertThat(a.tasks()).hasSameSizeAs(whole.tasks());
    }

    @Test
    void garbageAfterTheLastChunkIsDamage() throws Exception {
        Analysis a = analyze("garbage.jfr", Mutations.append(golden, "trailing garbage, not a chunk".repeat(10).getBytes()));
        assertThat(skipped(a)).contains("damaged data at byte " + golden.length);
        assertThat(a.source().events()).isEqualTo(clean.source().events());
    }

    // JDK 8 recordings were called "damaged".
    @Test
    void aJdk8RecordingIsAnUnsupportedVersionNotDamage() throws Exception {
        byte[] jdk8 = Mutations.cut(golden, 4096);
        jdk8[4] = 0;
        jdk8[5] = 0;
        jdk8[6] = 0;
        jdk8[7] = 9;
        Path file = Files.write(dir.resolve("jdk8.jfr"), jdk8);
        assertThatThrownBy(() -> analyze(file)).isInstanceOf(RecordingException.class)
                .hasMessage(file + ": JFR format version 0.9 (the Flight Recorder of Oracle JDK 7 and 8) is not supported:"
                        + " blockscope reads versions 1.x (JDK 9 and 10) and 2.x (JDK 11 and later, OpenJDK 8u262 and later)")
                .hasMessageNotContaining("damaged");
    }

    // JDK 9 recordings (format 1.0, com.oracle.jdk.* names) came out empty with exit 0.
    @Test
    void aJdk9RecordingIsReadWithItsOldEventNames() throws Exception {
        byte[] jdk9 = ChunkBuilder.jdk9(1_524_058_295_000_000_000L);
        Path file = Files.write(dir.resolve("jdk9.jfr"), jdk9);
        assertThat(RecordingFile.readAllEvents(file)).hasSize(5); // the hand-built file is valid JFR for the JDK too
        for (RecordingReader.Engine engine : RecordingReader.Engine.values()) {
            System.setProperty(RecordingReader.READER_PROPERTY, engine.name());
            try {
                Analysis a = analyze(file);
                assertThat(a.source().skipped()).isEmpty();
                assertThat(a.source().jvm()).isEqualTo("9+181");
                assertThat(a.tasks()).extracting(Analysis.TaskRow::name).contains("worker", "main");
                Analysis.TaskRow worker = a.tasks().stream().filter(t -> t.name().equals("worker")).findFirst().orElseThrow();
                // 2 x 30 ms at 2.4 GHz: a long division of the tick rate made it 2 x 36 ms
                assertThat(worker.reasons().get("sleep")).isBetween(59_999_990L, 60_000_010L);
                Analysis.TaskRow main = a.tasks().stream().filter(t -> t.name().equals("main")).findFirst().orElseThrow();
                assertThat(main.reasons().get("monitor.wait")).isBetween(89_999_990L, 90_000_010L);
            } finally {
                System.clearProperty(RecordingReader.READER_PROPERTY);
            }
        }
    }

    // JMC and JDK 8 write gzipped recordings.
    @Test
    void aGzippedRecordingIsReadAsTheRecordingItHolds() throws Exception {
        Path gz = dir.resolve("demo.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(golden);
        }
        Path named = Files.copy(gz, dir.resolve("gzipped.jfr"));
        Analysis a = assertTimeoutPreemptively(BOUND, () -> analyze(named));
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.source().events()).isEqualTo(clean.source().events());
        assertThat(a.tasks()).hasSameSizeAs(clean.tasks());
        assertThat(a.source().file()).isEqualTo(named.toString());
    }

    @Test
    void aGzippedRecordingCutShortIsDamageWithTheEventsBeforeTheCut() throws Exception {
        Path gz = dir.resolve("cut.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(golden);
        }
        byte[] bytes = Files.readAllBytes(gz);
        Analysis a = analyze("gz-cut.jfr", Mutations.cut(bytes, bytes.length * 3 / 4));
        assertThat(skipped(a)).contains("gzip");
        assertThat(a.source().events()).isPositive();
    }

    // The JDK label read "JDK 25.292-b10" for 8u292 and "JDK TM" for Oracle JDK 11 (and fed the pinning advice).
    @Test
    void theJdkVersionComesFromTheJreVersionNotTheVmsOrATrademark() {
        assertThat(JvmVersions.of("OpenJDK 64-Bit Server VM (25.292-b10) for linux-amd64 JRE (1.8.0_292-b10), built on Apr  9 2021"))
                .isEqualTo("1.8.0_292-b10");
        assertThat(JvmVersions.of("Java HotSpot(TM) 64-Bit Server VM (11.0.2+9-LTS) for linux-amd64 JRE (11.0.2+9-LTS), built on"))
                .isEqualTo("11.0.2+9-LTS");
        assertThat(JvmVersions.of("Java HotSpot(TM) 64-Bit Server VM (9+181) for bsd-amd64 JRE (9+181), built on Aug  2 2017"))
                .isEqualTo("9+181");
        assertThat(JvmVersions.of("OpenJDK 64-Bit Server VM (25.0.3+9-LTS) for linux-amd64 JRE (25.0.3+9-LTS), built on"))
                .isEqualTo("25.0.3+9-LTS");
        assertThat(JvmVersions.of("Java HotSpot(TM) 64-Bit Server VM (21.0.1+12-LTS-29)")).isEqualTo("21.0.1+12-LTS-29");
        assertThat(JvmVersions.of("some VM without a version")).isNull();
        assertThat(JvmVersions.feature("1.8.0_292-b10")).isEqualTo(8);
        assertThat(JvmVersions.feature("11.0.2+9-LTS")).isEqualTo(11);
        assertThat(JvmVersions.feature("9+181")).isEqualTo(9);
        assertThat(JvmVersions.feature("25.0.3+9-LTS")).isEqualTo(25);
        assertThat(JvmVersions.feature(null)).isZero();
    }

    // An unreadable file printed only its name.
    @Test
    void anUnreadableFileSaysWhy() {
        Path file = dir.resolve("secret.jfr");
        assertThat(RecordingException.of(file, new AccessDeniedException(file.toString())))
                .hasMessage(file + ": permission denied (cannot open it for reading)");
    }

    @Test
    void anUnreadableFileSaysWhyEndToEnd() throws Exception {
        Path file = Files.write(dir.resolve("locked.jfr"), golden);
        assertThat(file.toFile().setReadable(false, false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "runs as root: every file is readable");
            assertThatThrownBy(() -> analyze(file)).isInstanceOf(RecordingException.class)
                    .hasMessage(file + ": permission denied (cannot open it for reading)");
        } finally {
            file.toFile().setReadable(true, false);
        }
    }
}
