package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast reader against the reference, the JDK's RecordingFile, on real recordings: every
 * mapped record equal field by field (stacks compared by their frames, since stack indexes are
 * per table), in the same order, and the same event counts per type.
 */
class ReaderDifferentialTest {
    @TempDir static Path dir;
    static Path blockscope;
    static Path blockscope2;
    static Path jdkDefault;
    static Path jdkProfile;
    static Path asyncProfiler;

    @BeforeAll
    static void record() throws Exception {
        blockscope = Recordings.blockscope(dir.resolve("blockscope.jfr"));
        blockscope2 = Recordings.blockscope(dir.resolve("blockscope2.jfr"));
        jdkDefault = jdkWithSettings(dir.resolve("default.jfr"), "default");
        jdkProfile = jdkWithSettings(dir.resolve("profile.jfr"), "profile");
        asyncProfiler = AsyncProfilerRecordingTest.profile(dir.resolve("ap.jfr"), true);
    }

    /** A JDK recording with the named settings plus every waiting event at threshold zero, over a small workload. */
    static Path jdkWithSettings(Path file, String settings) throws Exception {
        try (Recording r = new Recording(Configuration.getConfiguration(settings))) {
            for (String e : List.of("jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
                    "jdk.VirtualThreadPinned", "jdk.FileRead", "jdk.FileWrite")) {
                r.enable(e).withThreshold(Duration.ZERO).withStackTrace();
            }
            r.enable("jdk.VirtualThreadStart");
            r.enable("jdk.VirtualThreadEnd");
            r.enable("jdk.ThreadContextSwitchRate").withPeriod(Duration.ofMillis(20)); // a float field
            r.start();
            Object lock = new Object();
            Map<Integer, String> shared = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().name("diff-vt-" + i).start(() -> {
                    Recordings.sleep(3);
                    LockSupport.parkNanos(1_000_000);
                    synchronized (lock) {
                        Recordings.sleep(2);
                        shared.put(n, "é€ " + n); // non-Latin-1 text in the heap, not in the recording
                    }
                    try {
                        Path f = dir.resolve("io-" + n + "-" + settings);
                        Files.writeString(f, "x".repeat(1000));
                        Files.readString(f);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            threads.add(Thread.ofPlatform().name("diff-platform").start(() -> {
                Recordings.sleep(20);
                // on CPU for execution samples (profile settings): 300 ms of this thread's own CPU
                // time, not of the wall clock, which a loaded machine gives to others (the sampler
                // then caught none: the test failed once in a full build beside other builds)
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                long from = cpu.getCurrentThreadCpuTime();
                long cap = System.nanoTime() + 10_000_000_000L;
                long spins = 1;
                while (cpu.getCurrentThreadCpuTime() - from < 300_000_000L && System.nanoTime() < cap) {
                    for (int k = 0; k < 100_000; k++) {
                        spins ^= spins << 13; // a xorshift the JIT cannot fold: the time is spent in Java code
                        spins ^= spins >>> 7;
                        spins ^= spins << 17;
                    }
                }
                shared.put(-1, Long.toString(spins));
            }));
            for (Thread t : threads) {
                t.join();
            }
            r.stop();
            r.dump(file);
        }
        return file;
    }

    /** What a reader delivered, stacks replaced by their frames. */
    record Read(List<String> events, Map<String, Long> counts, long total, List<RecordingReader.Skipped> skipped) {}

    static Read read(Path file, RecordingReader.Engine engine) throws Exception {
        StackTable stacks = new StackTable();
        List<TraceEvent> events = new ArrayList<>();
        RecordingReader.Result result = RecordingReader.open(file, engine).read(stacks, events::add, RecordingReader.Progress.NONE);
        List<String> shown = new ArrayList<>();
        for (TraceEvent e : events) {
            // Stack indexes depend on the order chunks were interned in (they are parsed in parallel): compare frames.
            int stack = e instanceof TraceEvent.Blocked b ? b.stack() : e instanceof TraceEvent.ThreadSampled s ? s.stack() : -1;
            shown.add(stack >= 0 ? e.toString().replaceFirst("stack=\\d+", "stack=#") + " frames=" + stacks.frames(stack) : e.toString());
        }
        return new Read(shown, result.eventsByType(), result.events(), result.skipped());
    }

    static void assertSame(Path file) throws Exception {
        Read jdk = read(file, RecordingReader.Engine.JDK);
        Read fast = read(file, RecordingReader.Engine.FAST);
        assertThat(fast.counts()).isEqualTo(jdk.counts());
        assertThat(fast.total()).isEqualTo(jdk.total()).isEqualTo(RecordingFile.readAllEvents(file).size());
        assertThat(fast.skipped()).isEqualTo(jdk.skipped()).isEmpty();
        assertThat(fast.events()).hasSameSizeAs(jdk.events());
        // The reader falls back to RecordingFile on what the fast reader does not handle: prove the
        // fast reader itself read every chunk, and found nothing wrong.
        long direct = 0;
        List<TraceEvent> mapped = new ArrayList<>();
        for (Chunk chunk : ChunkScanner.scan(file).chunks()) {
            FastChunkReader.Outcome outcome = FastChunkReader.read(file, chunk, new StackTable(), mapped, new java.util.HashMap<>());
            assertThat(outcome.damage()).isEmpty();
            direct += outcome.read();
        }
        assertThat(direct).isEqualTo(jdk.total());
        assertThat(mapped).hasSameSizeAs(jdk.events());
        for (int i = 0; i < jdk.events().size(); i++) {
            assertThat(fast.events().get(i)).as("event %d of %s", i, file).isEqualTo(jdk.events().get(i));
        }
    }

    @Test
    void blockscopeEventsFromRealVirtualThreads() throws Exception {
        Read fast = read(blockscope, RecordingReader.Engine.FAST);
        // the recording has what the comparison is about: waits with stacks, pinned waits, labels
        assertThat(fast.events()).anyMatch(e -> e.startsWith("Blocked[") && e.contains("pinned=true") && e.contains("frames=["));
        assertThat(fast.events()).anyMatch(e -> e.startsWith("TaskLabeled["));
        assertThat(fast.events()).anyMatch(e -> e.startsWith("Unparked["));
        assertSame(blockscope);
    }

    @Test
    void openSuspensionsAtAChunkEnd() throws Exception {
        Path file = dir.resolve("open.jfr");
        long since = System.currentTimeMillis() * 1_000_000L; // near the chunk: the readers leave out impossible times
        try (Recording r = new Recording()) {
            r.enable("blockscope.OpenSuspend");
            r.start();
            Thread carrier = Thread.currentThread();
            r.enable("blockscope.Carrier");
            for (int i = 0; i < 3; i++) {
                dev.blockscope.event.OpenSuspendEvent e = new dev.blockscope.event.OpenSuspendEvent();
                e.taskId = 100 + i;
                e.taskVirtual = i != 2;
                e.reason = i == 0 ? "sleep" : "park.lock";
                e.pinned = i == 1;
                e.pinReason = i == 1 ? "NATIVE" : null;
                e.carrierId = i == 2 ? 0 : carrier.threadId();
                e.startNanos = since + i;
                e.commit();
            }
            // named after the events that use its id: the reader names them once the chunk is read
            dev.blockscope.event.CarrierEvent named = new dev.blockscope.event.CarrierEvent();
            named.carrier = carrier;
            named.commit();
            r.stop();
            r.dump(file);
        }
        Read fast = read(file, RecordingReader.Engine.FAST);
        assertThat(fast.events()).filteredOn(e -> e.startsWith("WaitOpen[")).hasSize(3)
                .anyMatch(e -> e.contains("pinned=true, pinReason=NATIVE") && e.contains("since=" + (since + 1)));
        assertThat(fast.events()).filteredOn(e -> e.startsWith("WaitOpen[") && !e.contains("carrier=null"))
                .hasSize(2).allMatch(e -> e.contains("carrier=ThreadRef[id=" + Thread.currentThread().threadId()
                        + ", name=" + Thread.currentThread().getName() + ", virtual=false, group="
                        + Thread.currentThread().getThreadGroup().getName() + "]"));
        assertSame(file);
    }

    /**
     * The agent's events from before its recording ran (startup=now): times before the chunk's
     * start, the task in fields, the agent's thread as event thread. Both readers name the task
     * from the fields, and the analysis starts at the earliest of them.
     */
    @Test
    void earlyEventsNameTheirTaskAndMayStartBeforeTheChunk() throws Exception {
        Path file = dir.resolve("early.jfr");
        Thread task = Thread.ofVirtual().name("early-task").unstarted(() -> { });
        // timed as the agent times them before its recording runs: JFR's clock, written into the events
        long t0 = ticks();
        Recordings.sleep(30);
        long t1 = ticks();
        Recordings.sleep(1);
        long t2 = ticks();
        Recordings.sleep(30);
        OldEarlyTaskStartEvent start = new OldEarlyTaskStartEvent();
        setTimes(start, t0, 1);
        dev.blockscope.event.EarlySuspendEvent wait = new dev.blockscope.event.EarlySuspendEvent();
        setTimes(wait, t0, t1 - t0);
        OldEarlyTaskEndEvent end = new OldEarlyTaskEndEvent();
        setTimes(end, t2, 1);
        try (Recording r = new Recording()) {
            r.enable("blockscope.EarlySuspend").withThreshold(Duration.ZERO);
            r.enable("blockscope.EarlyTaskStart");
            r.enable("blockscope.EarlyTaskEnd");
            r.start();
            for (jdk.jfr.Event e : List.<jdk.jfr.Event>of(start, wait, end)) {
                if (e instanceof OldEarlyTaskStartEvent s) {
                    s.taskId = task.threadId();
                    s.taskName = "early-task";
                    s.taskVirtual = true;
                    s.parentId = 1;
                } else if (e instanceof dev.blockscope.event.EarlySuspendEvent w) {
                    w.taskId = task.threadId();
                    w.taskName = "early-task";
                    w.taskVirtual = true;
                    w.reason = "sleep";
                    w.timeout = 30_000_000;
                    // as the agent writes it: its own frames on top are left out by the readers
                    w.stackFrames = "dev.blockscope.agent.bridge.ProbeBridge.exit:210\njava.lang.Thread.sleep:540\napp.Main.main:7";
                } else if (e instanceof OldEarlyTaskEndEvent x) {
                    x.taskId = task.threadId();
                    x.taskName = "early-task";
                    x.taskVirtual = true;
                }
                e.commit();
            }
            r.stop();
            r.dump(file);
        }
        Read fast = read(file, RecordingReader.Engine.FAST);
        String ref = "ThreadRef[id=" + task.threadId() + ", name=early-task, virtual=true, group=null]"; // named in the event's fields
        assertThat(fast.events()).filteredOn(e -> e.contains(ref)).hasSize(3);
        assertThat(fast.events()).anyMatch(e -> e.startsWith("Blocked[") && e.contains("reason=sleep") && e.contains("task=" + ref)
                && e.endsWith("frames=[java.lang.Thread.sleep:540, app.Main.main:7]"));
        assertThat(fast.events()).anyMatch(e -> e.startsWith("TaskStarted[") && e.contains("parent=1"));
        assertSame(file);

        RecordingReader reader = RecordingReader.open(file);
        dev.blockscope.analyzer.report.Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyze(file,
                dev.blockscope.analyzer.AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.window().startEpochNanos()).as("the analysis starts at the task's start, before the chunk")
                .isLessThan(reader.headerStartNanos() - 50_000_000L);
        assertThat(a.window().recordingStartNanos()).as("where the recording itself began, from the window start")
                .isEqualTo(reader.headerStartNanos() - a.window().startEpochNanos());
        var row = a.tasks().stream().filter(t -> t.id() == task.threadId()).findFirst().orElseThrow();
        assertThat(row.name()).isEqualTo("early-task");
        assertThat(row.start()).isZero();
        assertThat(row.end()).isNotNull();
        long lifetime = row.end() - row.start();
        assertThat(row.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(lifetime);
        assertThat(lifetime).isGreaterThanOrEqualTo(30_000_000L);
        assertThat(row.suspensions()).isEqualTo(1);
        assertThat(a.overhead().agent().suspensions()).as("early suspensions count as the agent's").isEqualTo(1);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("the first ") && l.contains("before the agent's recording ran")
                && l.contains("the JDK's own events of that time were not recorded"));
    }

    @Test
    void aFlightRecordersTriggerIsReadAsALogOfTheTaskThatFiredIt() throws Exception {
        Path file = dir.resolve("trigger.jfr");
        Thread task = Thread.ofVirtual().name("pinner").unstarted(() -> { });
        try (Recording r = new Recording()) {
            r.enable("blockscope.FlightTrigger");
            r.start();
            dev.blockscope.event.FlightTriggerEvent e = new dev.blockscope.event.FlightTriggerEvent();
            e.trigger = "pinned>20ms";
            e.detail = "sleep 60210 us, pinned (NATIVE), task " + task.threadId();
            e.taskId = task.threadId();
            e.taskName = "pinner";
            e.taskVirtual = true;
            e.waitNanos = 60_210_000L;
            e.dump = 1;
            e.commit();
            r.stop();
            r.dump(file);
        }
        assertSame(file);
        dev.blockscope.analyzer.report.Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyze(file,
                dev.blockscope.analyzer.AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.logs()).singleElement().satisfies(l -> {
            assertThat(l.task()).isEqualTo(task.threadId());
            assertThat(l.category()).isEqualTo("blockscope.flight-trigger");
            assertThat(l.message()).isEqualTo("pinned>20ms: sleep 60210 us, pinned (NATIVE), task " + task.threadId());
        });
    }

    /** JFR's clock now (needs jdk.jfr.internal exported, see the module's surefire argLine). */
    private static long ticks() throws Exception {
        return (long) Class.forName("jdk.jfr.internal.JVM").getMethod("counterTime").invoke(null);
    }

    /** Writes an event's JFR-added time fields, as the agent does for events it commits later. */
    private static void setTimes(jdk.jfr.Event e, long startTicks, long durationTicks) throws Exception {
        java.lang.invoke.MethodHandles.Lookup in = java.lang.invoke.MethodHandles.privateLookupIn(e.getClass(),
                java.lang.invoke.MethodHandles.lookup());
        in.findVarHandle(e.getClass(), "startTime", long.class).set(e, startTicks);
        in.findVarHandle(e.getClass(), "duration", long.class).set(e, durationTicks);
    }

    @Test
    void aWakeUpInsideASuspendIsReadAsTheUnparkBeforeIt() throws Exception {
        List<TraceEvent> events = new ArrayList<>();
        RecordingReader.open(blockscope, RecordingReader.Engine.FAST).read(new StackTable(), events::add, RecordingReader.Progress.NONE);
        List<RecordedEvent> woken = RecordingFile.readAllEvents(blockscope).stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.Suspend") && e.getLong("readyNanos") > 0).toList();
        assertThat(woken).hasSize(Recordings.TASKS * Recordings.WAITS);
        for (RecordedEvent s : woken) {
            long task = s.getThread().getJavaThreadId();
            long end = BlockscopeRecordingTest.nanos(s.getEndTime());
            int at = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof TraceEvent.Blocked b && b.task().id() == task && b.end() == end) {
                    at = i;
                }
            }
            assertThat(at).as("the Suspend of %d ending at %d", task, end).isPositive();
            // delivered before its Suspend (in time order): the wake-up time is end minus the ready time
            TraceEvent.Unparked wake = new TraceEvent.Unparked(end - s.getLong("readyNanos"),
                    new ThreadRef(s.getLong("wakerId"), null, false), task);
            assertThat(events.subList(0, at)).contains(wake);
            assertThat(s.getLong("wakerId")).isNotEqualTo(task).isPositive();
            assertThat(((TraceEvent.Blocked) events.get(at)).carrier().name()).isEqualTo("test-carrier");
        }
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.Unparked).hasSameSizeAs(woken);
    }

    private static String describe(Path file) {
        try {
            return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().startsWith("blockscope"))
                    .map(Object::toString).toList().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** The shape agents before 0.2 wrote: JFR's periodic thread committed it, the carrier in a field. */
    @jdk.jfr.Name("blockscope.CarrierIdle")
    static final class CarrierIdleBefore02 extends jdk.jfr.Event {
        Thread carrier;
        long startNanos;
        long endNanos;
    }

    @Test
    void aCarriersIdleWaitIsReadAsItsSuspension() throws Exception {
        Path file = dir.resolve("idle.jfr");
        long start = System.currentTimeMillis() * 1_000_000L; // near the chunk: the readers leave out impossible times
        try (Recording r = new Recording()) {
            r.enable("blockscope.CarrierIdle");
            r.start();
            CarrierIdleBefore02 e = new CarrierIdleBefore02();
            e.carrier = Thread.currentThread();
            e.startNanos = start;
            e.endNanos = start + 200_000_000L;
            e.commit();
            r.stop();
            r.dump(file);
        }
        Read fast = read(file, RecordingReader.Engine.FAST);
        assertThat(fast.events()).filteredOn(e -> e.startsWith("Blocked[")).singleElement().isEqualTo(new TraceEvent.Blocked(
                start, start + 200_000_000L,
                new ThreadRef(Thread.currentThread().threadId(), Thread.currentThread().getName(), false,
                        Thread.currentThread().getThreadGroup().getName()),
                "carrier.idle", false, null, null, null, -1, true, -1).toString());
        assertSame(file);
    }

    /** The shape from 0.2 on: the carrier's own duration event. */
    @Test
    void aCarriersIdleWaitOfItsOwnIsReadAsItsSuspension() throws Exception {
        Path file = dir.resolve("idle-own.jfr");
        try (Recording r = new Recording()) {
            r.enable("blockscope.CarrierIdle");
            r.start();
            dev.blockscope.event.CarrierIdleEvent e = new dev.blockscope.event.CarrierIdleEvent();
            e.begin();
            Thread.sleep(5);
            e.commit();
            r.stop();
            r.dump(file);
        }
        Read fast = read(file, RecordingReader.Engine.FAST);
        assertThat(fast.events()).as(() -> fast.counts() + " / " + fast.events() + " / " + describe(file))
                .filteredOn(e -> e.startsWith("Blocked[")).singleElement().asString()
                .contains("reason=carrier.idle").contains("name=" + Thread.currentThread().getName());
        assertSame(file);
    }

    @Test
    void plainJdkRecordingWithDefaultSettings() throws Exception {
        assertThat(read(jdkDefault, RecordingReader.Engine.FAST).events()).anyMatch(e -> e.contains("reason=sleep") && e.contains("diff-vt-"));
        assertSame(jdkDefault);
    }

    @Test
    void plainJdkRecordingWithProfileSettings() throws Exception {
        Read fast = read(jdkProfile, RecordingReader.Engine.FAST);
        assertThat(fast.counts()).containsKey("jdk.ExecutionSample");
        assertThat(fast.events()).anyMatch(e -> e.startsWith("OsSwitchRateSampled["));
        assertSame(jdkProfile);
    }

    @Test
    void asyncProfilerOutputWithJfrsync() throws Exception {
        assertSame(asyncProfiler);
    }

    @Test
    void theGoldenDemoRecording() throws Exception {
        Path demo = Path.of(Objects.requireNonNull(getClass().getResource("/golden/demo.jfr")).toURI());
        Read fast = read(demo, RecordingReader.Engine.FAST);
        // the demo's runtime annotations are in it
        assertThat(fast.events()).anyMatch(e -> e.startsWith("RegionRecorded["));
        assertThat(fast.events()).anyMatch(e -> e.startsWith("LogRecorded["));
        assertSame(demo);
    }

    @Test
    void aMultiChunkFile() throws Exception {
        // Three recordings one after another, as `cat` joins them (the same chunk twice would be read once).
        Path joined = Recordings.concat(dir.resolve("joined.jfr"), blockscope, jdkDefault, blockscope2);
        Read fast = read(joined, RecordingReader.Engine.FAST);
        assertThat(fast.total()).isEqualTo(read(blockscope, RecordingReader.Engine.JDK).total()
                + read(jdkDefault, RecordingReader.Engine.JDK).total() + read(blockscope2, RecordingReader.Engine.JDK).total());
        assertSame(joined);
    }

    @Test
    void aChunkOfFormatVersion1IsReadByTheFastReaderAsTheJdkReadsIt() throws Exception {
        // The JDK reads major versions 1 (JDK 9 and 10) and 2 alike, and so does the fast reader.
        byte[] bytes = Files.readAllBytes(blockscope);
        ByteBuffer.wrap(bytes).putShort(4, (short) 1);
        Path old = Files.write(dir.resolve("v1.jfr"), bytes);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Read fast;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            fast = read(old, RecordingReader.Engine.FAST);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        Read jdk = read(old, RecordingReader.Engine.JDK);
        assertThat(fast.events()).isEqualTo(jdk.events()).isEqualTo(read(blockscope, RecordingReader.Engine.JDK).events());
        assertThat(fast.counts()).isEqualTo(jdk.counts());
    }

    @Test
    void aChunkOfAFormatVersionNoJdkWritesIsSkippedSayingSo() throws Exception {
        Path joined = Recordings.concat(dir.resolve("v3.jfr"), blockscope, jdkDefault);
        byte[] bytes = Files.readAllBytes(joined);
        ByteBuffer.wrap(bytes).putShort((int) Files.size(blockscope) + 4, (short) 3);
        Path v3 = Files.write(joined, bytes);
        Read fast = read(v3, RecordingReader.Engine.FAST);
        assertThat(fast.total()).isEqualTo(read(blockscope, RecordingReader.Engine.JDK).total());
        assertThat(fast.skipped()).singleElement().satisfies(s -> assertThat(s.what()).startsWith("chunk 1 ")
                .contains("JFR format version 3.").contains("is not supported"));
    }

    @Test
    void theSystemPropertyChoosesTheReader() {
        String saved = System.getProperty(RecordingReader.READER_PROPERTY);
        try {
            System.clearProperty(RecordingReader.READER_PROPERTY);
            assertThat(RecordingReader.Engine.fromSystemProperty()).isEqualTo(RecordingReader.Engine.FAST);
            System.setProperty(RecordingReader.READER_PROPERTY, "jdk");
            assertThat(RecordingReader.Engine.fromSystemProperty()).isEqualTo(RecordingReader.Engine.JDK);
        } finally {
            if (saved == null) {
                System.clearProperty(RecordingReader.READER_PROPERTY);
            } else {
                System.setProperty(RecordingReader.READER_PROPERTY, saved);
            }
        }
    }
}
