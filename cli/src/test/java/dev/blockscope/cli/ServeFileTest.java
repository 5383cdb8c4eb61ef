package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.summary.IntervalFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve FILE} in this JVM, through the real command line and server: it listens before the
 * analysis is done and answers the progress meanwhile; the analysis it saves is reopened, byte for
 * byte, without analyzing again; a changed file or a damaged entry is analyzed again; the cache
 * stays within its bound. The analyzer is the real one, wrapped to count its calls and, where a
 * test needs the analysis to be still running, held until the test lets it finish.
 */
class ServeFileTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("../analyzer/src/test/resources/golden");

    @TempDir Path dir;
    private final List<Serve> running = new ArrayList<>();
    private final AtomicInteger analyses = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        for (Serve s : running) {
            s.stop();
        }
    }

    /** One {@code serve} command running on a thread of its own. */
    final class Serve {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread thread;

        Serve(ServeCommand.Analyzer analyzer, String... args) {
            CommandLine cl = BlockscopeCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
            serve.analyzer = (file, options, progress) -> {
                analyses.incrementAndGet();
                return analyzer.analyze(file, options, progress);
            };
            List<String> all = new ArrayList<>(List.of("serve"));
            all.addAll(List.of(args));
            thread = Thread.ofPlatform().name("serve under test").start(() -> exit.complete(cl.execute(all.toArray(String[]::new))));
            running.add(this);
        }

        /** The address it printed, once it has. */
        URI uri() throws Exception {
            Matcher m = until(() -> Pattern.compile("at (http://\\S+) \\(Ctrl-C").matcher(out.toString()), Matcher::find, 10);
            return URI.create(m.group(1));
        }

        /** Waits until stderr holds {@code text}. */
        String errWith(String text) throws Exception {
            return until(err::toString, e -> e.contains(text), 60);
        }

        void stop() throws Exception {
            thread.interrupt(); // the command's wait ends, and the server and its files close
            thread.join(10_000);
        }
    }

    @FunctionalInterface
    interface Get<T> {
        T get() throws Exception;
    }

    static <T> T until(Get<T> value, Predicate<T> done, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s; last: " + last);
            }
            Thread.sleep(20);
            last = value.get();
        }
        return last;
    }

    static HttpResponse<byte[]> get(URI server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode status(URI server) throws Exception {
        HttpResponse<byte[]> r = get(server, "/api/status");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The answers a page asks for: the summary, windows at three zooms and two ranges. */
    static List<byte[]> answers(URI server) throws Exception {
        until(() -> status(server).get("state").asText(), "ready"::equals, 60);
        JsonNode summary = JSON.readTree(get(server, "/api/summary").body());
        long d = summary.get("window").get("durationNanos").asLong();
        List<byte[]> all = new ArrayList<>();
        JsonNode tasks = summary.get("tasks");
        for (String path : List.of("/api/summary", "/api/window?start=0&end=" + d + "&max=200000", "/api/window?start=0&end=" + d
                + "&max=50", "/api/window?start=" + d / 3 + "&end=" + d / 2 + "&max=1000", "/api/range?start=0&end=" + d,
                "/api/range?start=" + d / 4 + "&end=" + d / 3, "/api/task?id=" + tasks.get(0).get("id").asLong(),
                "/api/task?id=" + tasks.get(tasks.size() - 1).get("id").asLong())) {
            HttpResponse<byte[]> r = get(server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            all.add(r.body());
        }
        return all;
    }

    private Path copy(String golden) throws IOException {
        Path file = dir.resolve(golden);
        Files.copy(GOLDEN.resolve(golden), file);
        return file;
    }

    private static final ServeCommand.Analyzer REAL = RecordingAnalyzer::analyzeFull;

    /** The real analysis, held once it is done (counting {@code read} down) until {@code release}. */
    static ServeCommand.Analyzer held(CountDownLatch read, CountDownLatch release) {
        return (f, options, progress) -> {
            RecordingAnalyzer.Full full = REAL.analyze(f, options, progress);
            read.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("the test never let the analysis finish");
                }
            } catch (InterruptedException e) {
                full.close();
                throw new IOException(e);
            }
            return full;
        };
    }

    /**
     * Until its analysis is done the server answers the progress and 503 with Retry-After for the
     * analysis' paths; then, without a restart, the summary is the one serve computed before it
     * listened first (a Source over the fresh analysis and its file by task).
     */
    @Test
    void answersTheProgressWhileAnalyzingThenTheSameSummaryAsBefore() throws Exception {
        Path file = copy("demo.jfr");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Serve serve = new Serve(held(read, release), file.toString(), "--no-cache");
        URI server = serve.uri();
        JsonNode before = status(server);
        assertThat(before.get("state").asText()).isEqualTo("analyzing");
        assertThat(before.get("file").asText()).isEqualTo("demo.jfr");
        assertThat(before.get("bytesTotal").asLong()).isEqualTo(Files.size(file));
        assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
        JsonNode held = status(server);
        assertThat(held.get("bytesRead").asLong()).isEqualTo(Files.size(file)); // the reader's own progress, as on stderr
        assertThat(held.get("percent").asInt()).isEqualTo(100);
        assertThat(held.get("phase").asText()).isEqualTo("finishing the analysis");
        assertThat(held.get("elapsedMillis").asLong()).isNotNegative();
        for (String path : List.of("/api/summary", "/api/window?start=0&end=1000&max=10", "/api/range?start=0&end=1000")) {
            HttpResponse<byte[]> r = get(server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).as(path).contains("1");
            assertThat(JSON.readTree(r.body()).get("state").asText()).as(path).isEqualTo("analyzing");
        }
        assertThat(get(server, "/").statusCode()).isEqualTo(200); // the page itself, which then polls the status
        release.countDown();
        byte[] summary = answers(server).getFirst();

        try (RecordingAnalyzer.Full full = RecordingAnalyzer.analyzeFull(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
             IntervalFile byTask = full.intervals().byTask()) {
            assertThat(summary).isEqualTo(new ServeCommand.Source(TaskDetails.summaryRows(full.analysis()), byTask).summaryJson());
        }
        assertThat(analyses).hasValue(1);
    }

    /**
     * The summary's task rows leave their longest waits out (null), but for a task with a wait for
     * the recorder among them, and {@code /api/task} gives each task's whole row: together they are
     * the analysis' rows, as {@code export} writes them; an id with no row is a 404.
     */
    @Test
    void theSummaryLeavesTheLongestWaitsToApiTask() throws Exception {
        Path file = copy("demo.jfr");
        Serve serve = new Serve(REAL, file.toString(), "--no-cache");
        URI server = serve.uri();
        until(() -> status(server).get("state").asText(), "ready"::equals, 60);
        JsonNode summary = JSON.readTree(get(server, "/api/summary").body());
        JsonNode whole = JSON.readTree(dev.blockscope.analyzer.report.AnalysisJson.bytes(RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT)));
        assertThat(summary.get("tasks")).hasSameSizeAs(whole.get("tasks"));
        int leftOut = 0;
        int kept = 0;
        for (int i = 0; i < whole.get("tasks").size(); i++) {
            JsonNode row = whole.get("tasks").get(i);
            JsonNode shown = summary.get("tasks").get(i);
            HttpResponse<byte[]> r = get(server, "/api/task?id=" + row.get("id").asLong());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body())).as("task " + row.get("id")).isEqualTo(row);
            boolean recorderWait = false;
            for (JsonNode w : row.get("longest")) {
                recorderWait |= "agent".equals(whole.get("reasonFamilies").get("reasons").path(w.get("reason").asText()).asText());
            }
            if (recorderWait) {
                kept++;
                assertThat(shown).isEqualTo(row);
            } else {
                leftOut += row.get("longest").isEmpty() ? 0 : 1;
                assertThat(shown.get("longest").isNull()).as("task " + row.get("id")).isTrue();
                JsonNode withWaits = ((com.fasterxml.jackson.databind.node.ObjectNode) shown.deepCopy()).set("longest", row.get("longest"));
                assertThat(withWaits).isEqualTo(row);
            }
        }
        assertThat(kept).as("tasks that waited for the recorder (none in this recording: TaskDetailsTest has one)").isZero();
        assertThat(leftOut).as("tasks whose waits the summary left out").isGreaterThan(5);
        assertThat(get(server, "/api/task?id=987654321").statusCode()).isEqualTo(404);
        assertThat(summary.get("tasks").toString().length()).isLessThan(whole.get("tasks").toString().length() / 2);
    }

    /**
     * A file of more than six times {@code --preview} is shown from its beginning while the
     * whole is analyzed: the status says "preview" (with the whole's progress), every path answers
     * from the preview's analysis (its first second), whose limits say what it is; once the whole is ready, the
     * same paths answer from it, the summary the very bytes of a serve without a preview.
     */
    @Test
    void aLargeFileIsShownFromItsFirstChunksWhileTheWholeIsAnalyzed() throws Exception {
        Path file = copy("chunked-carrier-idle.jfr"); // 655,503 bytes, its first chunk 347,082
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Serve serve = new Serve(held(read, release), file.toString(), "--no-cache", "--preview", "100k");
        URI server = serve.uri();
        JsonNode shown = until(() -> status(server), s -> s.get("state").asText().equals("preview"), 60);
        assertThat(shown.get("file").asText()).isEqualTo("chunked-carrier-idle.jfr");
        assertThat(shown.get("bytesTotal").asLong()).isEqualTo(Files.size(file));
        serve.errWith("blockscope: showing the first 1.0 s of " + file + " while the whole file is analyzed");
        JsonNode preview = JSON.readTree(get(server, "/api/summary").body());
        assertThat(preview.get("source").get("limits").toString()).contains("a preview: the recording's first 1.0 s of 2.8 s"
                + " (1 of its 3 chunks, 347,082 of its 655,503 bytes)");
        long previewNanos = preview.get("window").get("durationNanos").asLong();
        // what a page that opened on the preview asks, with of=preview, also once the whole is ready
        long task = preview.get("tasks").get(preview.get("tasks").size() - 1).get("id").asLong();
        List<String> previewPaths = List.of("/api/summary?of=preview", "/api/window?start=0&end=" + 2 * previewNanos + "&max=1000&of=preview",
                "/api/range?start=0&end=" + previewNanos + "&of=preview", "/api/task?id=" + task + "&of=preview");
        List<byte[]> previewAnswers = new ArrayList<>();
        for (String path : previewPaths) {
            HttpResponse<byte[]> r = get(server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            previewAnswers.add(r.body());
        }
        assertThat(previewAnswers.getFirst()).isEqualTo(get(server, "/api/summary").body());
        assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(status(server).get("state").asText()).isEqualTo("preview"); // the whole is done but held: not shown yet
        assertThat(serve.err.toString()).doesNotContain("the whole of");
        release.countDown();
        byte[] summary = answers(server).getFirst();
        serve.errWith("blockscope: the whole of " + file + " is analyzed: the page offers it (\"Show the whole recording\")");
        JsonNode whole = JSON.readTree(summary);
        assertThat(whole.get("source").get("limits").toString()).doesNotContain("a preview");
        assertThat(whole.get("window").get("durationNanos").asLong()).isGreaterThan(previewNanos);
        // the preview's page still gets the preview's answers (its stack indexes are the preview's), the same bytes as before
        for (int i = 0; i < previewPaths.size(); i++) {
            HttpResponse<byte[]> r = get(server, previewPaths.get(i));
            assertThat(r.statusCode()).as(previewPaths.get(i)).isEqualTo(200);
            assertThat(r.body()).as(previewPaths.get(i)).isEqualTo(previewAnswers.get(i));
        }
        assertThat(get(server, previewPaths.get(1).replace("&of=preview", "")).body()).isNotEqualTo(previewAnswers.get(1));
        try (RecordingAnalyzer.Full full = RecordingAnalyzer.analyzeFull(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
             IntervalFile byTask = full.intervals().byTask()) {
            assertThat(summary).isEqualTo(new ServeCommand.Source(TaskDetails.summaryRows(full.analysis()), byTask).summaryJson());
        }
        assertThat(analyses).hasValue(1);
    }

    /**
     * {@code --preview 0}, or a file of at most six times the size: nothing but the whole file's
     * analysis (150k: the 640 KiB file is more than three times it but not six, and its whole
     * analysis comes about as soon as a preview would).
     */
    @Test
    void noPreviewAtZeroOrForASmallFile() throws Exception {
        Path file = copy("chunked-carrier-idle.jfr");
        for (String size : List.of("0", "300k", "150k")) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch read = new CountDownLatch(1);
            Serve serve = new Serve(held(read, release), file.toString(), "--no-cache", "--preview", size);
            URI server = serve.uri();
            assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(status(server).get("state").asText()).as(size).isEqualTo("analyzing");
            assertThat(get(server, "/api/summary").statusCode()).as(size).isEqualTo(503);
            release.countDown();
            answers(server);
            assertThat(serve.err.toString()).as(size).doesNotContain("preview", "the whole of");
            serve.stop();
        }
        CliTest.Run bad = CliTest.run("serve", "--preview", "lots", file.toString());
        assertThat(bad.exit()).isEqualTo(FailureHandler.USAGE);
        assertThat(bad.err()).contains("--preview: a size is a number with an optional k, m, g or t, was 'lots'");
    }

    /**
     * A gzipped file is expanded once, for its preview and its whole analysis both, by its
     * expanded size (the criterion for a preview), and the expansion is deleted once the whole is
     * analyzed; the preview and the whole are those of the file itself.
     */
    @Test
    void aGzippedFileIsExpandedOnceShownFromItsFirstChunksAndItsExpansionDeleted() throws Exception {
        Path plain = copy("chunked-carrier-idle.jfr");
        Path gz = dir.resolve("chunked.jfr.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        assertThat(Files.size(gz)).isLessThan(600_000); // under six times the preview: only the expansion is over it
        java.util.Set<Path> before = expansions();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Serve serve = new Serve(held(read, release), gz.toString(), "--no-cache", "--preview", "100k");
        URI server = serve.uri();
        JsonNode shown = until(() -> status(server), s -> s.get("state").asText().equals("preview"), 60);
        assertThat(shown.get("file").asText()).isEqualTo("chunked.jfr.gz");
        JsonNode preview = JSON.readTree(get(server, "/api/summary").body());
        assertThat(preview.get("source").get("limits").toString()).contains("a preview: the recording's first 1.0 s of 2.8 s"
                + " (1 of its 3 chunks, 347,082 of its 655,503 bytes)");
        assertThat(preview.get("source").get("file").asText()).isEqualTo(gz.toString());
        assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
        java.util.Set<Path> during = expansions();
        during.removeAll(before);
        assertThat(during).as("expansions made for the preview and the whole").hasSize(1);
        release.countDown();
        byte[] summary = answers(server).getFirst();
        serve.errWith("blockscope: the whole of " + gz + " is analyzed");
        try (RecordingAnalyzer.Full full = RecordingAnalyzer.analyzeFull(gz, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
             IntervalFile byTask = full.intervals().byTask()) {
            assertThat(summary).isEqualTo(new ServeCommand.Source(TaskDetails.summaryRows(full.analysis()), byTask).summaryJson());
        }
        java.util.Set<Path> after = expansions();
        after.removeAll(before);
        assertThat(after).as("expansions left once the whole is analyzed").isEmpty();
        assertThat(analyses).hasValue(1);
    }

    /**
     * A directory of chunk files (what a killed JVM leaves) is joined once for the preview and the
     * whole, shown from its beginning, and the joined file deleted once the whole is analyzed.
     */
    @Test
    void aDirectoryOfChunksIsJoinedOnceAndShownFromItsFirstChunks() throws Exception {
        Path chunks = Files.createDirectories(dir.resolve("killed.chunks"));
        Files.copy(GOLDEN.resolve("chunked-carrier-idle.jfr"), chunks.resolve("0001.jfr"));
        java.util.Set<Path> before = joined();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Serve serve = new Serve(held(read, release), chunks.toString(), "--no-cache", "--preview", "100k");
        URI server = serve.uri();
        until(() -> status(server), s -> s.get("state").asText().equals("preview"), 60);
        assertThat(JSON.readTree(get(server, "/api/summary").body()).get("source").get("limits").toString())
                .contains("a preview: the recording's first 1.0 s of 2.8 s (1 of its 3 chunks");
        assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
        java.util.Set<Path> during = joined();
        during.removeAll(before);
        assertThat(during).as("joined files made for the preview and the whole").hasSize(1);
        release.countDown();
        answers(server);
        serve.errWith("blockscope: the whole of " + chunks + " is analyzed");
        java.util.Set<Path> after = joined();
        after.removeAll(before);
        assertThat(after).as("joined files left once the whole is analyzed").isEmpty();
    }

    /** The gzipped recordings' expansions in the temporary directory now. */
    private static java.util.Set<Path> expansions() throws IOException {
        return temporary("blockscope-gunzip-");
    }

    /** The directories' joined chunks in the temporary directory now. */
    private static java.util.Set<Path> joined() throws IOException {
        return temporary("blockscope-dir-");
    }

    private static java.util.Set<Path> temporary(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /**
     * The second serve of an unchanged file analyzes nothing (the analyzer is never called) and
     * answers the summary, windows and ranges with the very bytes of the first.
     */
    @Test
    void reopensTheSavedAnalysisByteForByteWithoutAnalyzing() throws Exception {
        Path file = copy("chunked-carrier-idle.jfr");
        Path cache = dir.resolve("cache");
        Serve first = new Serve(REAL, file.toString(), "--cache", cache.toString());
        List<byte[]> fresh = answers(first.uri());
        first.errWith("blockscope: analysis saved to the cache " + cache.resolve(ServeCache.key(file)));
        first.stop();
        assertThat(analyses).hasValue(1);

        Serve second = new Serve(REAL, file.toString(), "--cache", cache.toString());
        List<byte[]> reopened = answers(second.uri());
        assertThat(second.err.toString()).contains("blockscope: analysis reopened from the cache " + cache.resolve(ServeCache.key(file)));
        assertThat(analyses).hasValue(1);
        assertThat(reopened).hasSameSizeAs(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            assertThat(reopened.get(i)).as("answer " + i).isEqualTo(fresh.get(i));
        }
    }

    /** A touched file and an appended one are analyzed again, each under a key of its own. */
    @Test
    void aChangedFileIsAnalyzedAgain() throws Exception {
        Path file = copy("demo.jfr");
        Path cache = dir.resolve("cache");
        Serve first = new Serve(REAL, file.toString(), "--cache", cache.toString());
        first.errWith("analysis saved to the cache");
        first.stop();
        String key = ServeCache.key(file);

        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));
        assertThat(ServeCache.key(file)).isNotEqualTo(key);
        Serve touched = new Serve(REAL, file.toString(), "--cache", cache.toString());
        touched.errWith("analysis saved to the cache " + cache.resolve(ServeCache.key(file)));
        touched.stop();
        assertThat(analyses).hasValue(2);

        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
        Serve appended = new Serve(REAL, file.toString(), "--cache", cache.toString());
        appended.errWith("analysis saved to the cache " + cache.resolve(ServeCache.key(file)));
        assertThat(appended.err.toString()).doesNotContain("reopened");
        assertThat(analyses).hasValue(3);
    }

    /**
     * An entry damaged after it was saved (index cut short, a byte of the summary or of the task
     * rows changed, the interval file cut short) is never served: one line says so, the file is analyzed again and
     * the entry rebuilt, and the answers are those of a fresh analysis. A leftover temporary
     * directory of a crashed write is not an entry.
     */
    @Test
    void aDamagedEntryIsIgnoredAndRebuilt() throws Exception {
        Path file = copy("demo.jfr");
        Path cache = dir.resolve("cache");
        Serve first = new Serve(REAL, file.toString(), "--cache", cache.toString());
        List<byte[]> fresh = answers(first.uri());
        first.errWith("analysis saved to the cache");
        first.stop();
        Path entry = cache.resolve(ServeCache.key(file));
        Files.createDirectories(cache.resolve(".tmp-" + ServeCache.key(file).substring(0, 16) + "-crashed"));

        List<Runnable> damages = List.of(
                () -> cut(entry.resolve("index.bin"), 10),
                () -> flip(entry.resolve("summary.json"), 100),
                () -> flip(entry.resolve("tasks.bin"), 100),
                () -> cut(entry.resolve("intervals.bin"), IntervalFile.RECORD));
        for (int d = 0; d < damages.size(); d++) {
            damages.get(d).run();
            Serve again = new Serve(REAL, file.toString(), "--cache", cache.toString());
            List<byte[]> answers = answers(again.uri());
            again.errWith("analysis saved to the cache " + entry);
            assertThat(again.err.toString()).as("damage " + d).contains("blockscope: ignoring the damaged cache entry " + entry)
                    .doesNotContain("reopened");
            again.stop();
            assertThat(analyses).hasValue(2 + d);
            for (int i = 0; i < fresh.size(); i++) {
                assertThat(answers.get(i)).as("damage " + d + ", answer " + i).isEqualTo(fresh.get(i));
            }
        }
        Serve rebuilt = new Serve(REAL, file.toString(), "--cache", cache.toString());
        rebuilt.errWith("reopened from the cache " + entry);
        assertThat(analyses).hasValue(1 + damages.size());
    }

    private static void cut(Path p, long by) {
        try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - by);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flip(Path p, int at) {
        try {
            byte[] b = Files.readAllBytes(p);
            b[at] ^= 1;
            Files.write(p, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** With --no-cache the file is analyzed each time, and the cache directory (given or default) gets nothing. */
    @Test
    void noCacheWritesNothing() throws Exception {
        Path file = copy("demo.jfr");
        List<String> defaultBefore = listing(ServeCache.defaultDir());
        for (int i = 1; i <= 2; i++) {
            Serve s = new Serve(REAL, file.toString(), "--no-cache");
            answers(s.uri());
            s.stop();
            assertThat(s.err.toString()).doesNotContain("cache");
            assertThat(analyses).hasValue(i);
        }
        assertThat(listing(ServeCache.defaultDir())).isEqualTo(defaultBefore);
        Serve both = new Serve(REAL, file.toString(), "--no-cache", "--cache", dir.resolve("c").toString());
        assertThat(both.exit.get(10, TimeUnit.SECONDS)).isEqualTo(FailureHandler.USAGE);
        assertThat(dir.resolve("c")).doesNotExist();
    }

    private static List<String> listing(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(p)) {
            return all.map(Path::toString).sorted().toList();
        }
    }

    /**
     * With a bound that holds two of three analyses, the least recently used one goes when the
     * third is saved; a reopen counts as a use; an analysis larger than the whole bound is served
     * and not saved.
     */
    @Test
    void evictionKeepsTheCacheWithinItsBound() throws Exception {
        List<Path> files = List.of(copy("demo.jfr"), copy("demo-carrier-idle.jfr"), copy("chunked-carrier-idle.jfr"));
        Path sizing = dir.resolve("sizing");
        List<Long> sizes = new ArrayList<>();
        for (Path f : files) {
            Serve s = new Serve(REAL, f.toString(), "--cache", sizing.toString());
            s.errWith("analysis saved to the cache");
            s.stop();
            sizes.add(entryBytes(sizing.resolve(ServeCache.key(f))));
        }
        long bound = Math.max(sizes.get(0) + sizes.get(2), sizes.get(1) + sizes.get(2));
        assertThat(bound).isLessThan(sizes.get(0) + sizes.get(1) + sizes.get(2));
        Path cache = dir.resolve("cache");
        String limit = String.valueOf(bound);
        for (Path f : List.of(files.get(0), files.get(1), files.get(0))) { // demo.jfr again: reopened, now the most recent
            Serve s = new Serve(REAL, f.toString(), "--cache", cache.toString(), "--cache-limit", limit);
            s.errWith(" the cache " + cache); // saved, then reopened
            s.stop();
            Thread.sleep(20); // a use later than the last, at the file system's time resolution
        }
        assertThat(analyses).hasValue(3 + 2);
        Serve third = new Serve(REAL, files.get(2).toString(), "--cache", cache.toString(), "--cache-limit", limit);
        third.errWith("analysis saved to the cache");
        third.stop();
        assertThat(cache.resolve(ServeCache.key(files.get(1)))).as("the least recently used").doesNotExist();
        assertThat(cache.resolve(ServeCache.key(files.get(0)))).exists();
        assertThat(cache.resolve(ServeCache.key(files.get(2)))).exists();
        assertThat(new ServeCache(cache, bound).entries().stream().mapToLong(ServeCache.Entry::bytes).sum()).isLessThanOrEqualTo(bound);

        Serve tooLarge = new Serve(REAL, files.get(1).toString(), "--cache", cache.toString(), "--cache-limit", "1k");
        answers(tooLarge.uri());
        tooLarge.errWith("blockscope: analysis not saved to the cache " + cache);
        assertThat(cache.resolve(ServeCache.key(files.get(1)))).doesNotExist();
    }

    private static long entryBytes(Path entry) throws IOException {
        try (Stream<Path> all = Files.list(entry)) {
            return all.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * A file that cannot be analyzed: a page that was polling is told the command's own line, and
     * the command then ends as {@code summary} does, with that line and exit code.
     */
    @Test
    void anUnreadableFileFailsWithTheCommandsLineOnThePageAndStderr() throws Exception {
        Path file = dir.resolve("not.jfr");
        Files.writeString(file, "not a recording\n");
        CountDownLatch release = new CountDownLatch(1);
        Serve serve = new Serve((f, options, progress) -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return REAL.analyze(f, options, progress);
        }, file.toString(), "--no-cache");
        URI server = serve.uri();
        assertThat(status(server).get("state").asText()).isEqualTo("analyzing");
        release.countDown();
        JsonNode failed = until(() -> status(server), s -> !s.get("state").asText().equals("analyzing"), 30);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(serve.exit.get(30, TimeUnit.SECONDS)).isEqualTo(FailureHandler.BAD_DATA);
        CliTest.Run summary = CliTest.run("summary", file.toString());
        assertThat(summary.exit()).isEqualTo(FailureHandler.BAD_DATA);
        assertThat(failed.get("error").asText()).isEqualTo(summary.err().strip());
        assertThat(serve.err.toString().strip()).isEqualTo(summary.err().strip());
    }
}
