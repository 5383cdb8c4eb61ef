package dev.blockscope.analyzer.model;

import static dev.blockscope.analyzer.model.Intervals.iv;
import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per state transition of the per-task state machine, over synthetic sequences. */
class TaskTimelineTest {
    static final ThreadRef V = virtual(10);
    static final ThreadRef W = platform(20);
    static final ThreadRef C1 = carrier(1);
    static final ThreadRef C2 = carrier(2);

    @Test
    void runningThenSuspendedThenRunnableOnUnparkThenRunningOnTheResumeCarrier() {
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 40).suspend(V, 10, 50, Reason.PARK_LOCK, C1, C2, -1).end(V, 100);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("SUSPENDED", 10, 40, Reason.PARK_LOCK, -1, 20),
                iv("RUNNABLE", 40, 50, Reason.PARK_LOCK, -1, 20),
                iv("RUNNING", 50, 100, null, 2, -1));
        Analysis.TaskRow row = Intervals.row(a, 10);
        assertThat(row.states()).containsEntry("RUNNING", 60L).containsEntry("SUSPENDED", 30L)
                .containsEntry("RUNNABLE", 10L).containsEntry("UNKNOWN", 0L);
        assertThat(row.reasons()).isEqualTo(Map.of(Reason.PARK_LOCK, 30L));
        assertThat(row.suspensions()).isEqualTo(1);
        assertThat(a.schedLatency().count()).isEqualTo(1);
        assertThat(a.schedLatency().max()).isEqualTo(10);
    }

    /**
     * A task an attached agent found running at go-live ends in code without probes: the agent
     * finds it ended (at 100) and says it was alive at 80. Its time from its last event to 80 is
     * as any other (running here, between waits of a complete source), from 80 to 100 UNKNOWN, and
     * its lifetime ends at 100, not at the end of the recording; tasks first seen after the
     * go-live begin there (the snapshot at 20), not at the recording's start.
     */
    @Test
    void aTaskFoundEndedIsUnknownFromItsLastSignOfLifeAndEndsThere() {
        ThreadRef waiting = platform(31);
        Trace t = new Trace()
                .add(new dev.blockscope.analyzer.event.TraceEvent.WaitingAtStart(20, waiting, "WAITING", Reason.SLEEP, null))
                .suspend(V, 30, 50, Reason.SLEEP, C1, C1, -1)
                .add(new dev.blockscope.analyzer.event.TraceEvent.TaskEnded(100, V, true, 80))
                .suspend(waiting, 20, 60, Reason.SLEEP).end(waiting, 70);
        Analysis a = Intervals.analyze(t, 200);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("UNKNOWN", 20, 30, null, -1, -1),
                iv("SUSPENDED", 30, 50, Reason.SLEEP, -1, -1),
                iv("RUNNING", 50, 80, null, 1, -1),
                iv("UNKNOWN", 80, 100, null, -1, -1));
        Analysis.TaskRow row = Intervals.row(a, 10);
        assertThat(row.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 task(s) began before the agent was attached")
                && l.contains("20 ns in all"));
        assertThat(a.source().limits()).noneMatch(l -> l.contains("alive at the end"));
    }

    /**
     * A wait the go-live snapshot found in progress has no recorded end (it began before the probes
     * were live): it is counted to the task's next event, the latest it can have ended, and the
     * limits say how much of the window that is. A wait the agent reported still going on at the
     * end is known to the end, and is no such limit.
     */
    @Test
    void aSnapshotWaitRunsAtMostToTheNextEventAndTheLimitsSaySo() {
        ThreadRef woken = platform(32);
        ThreadRef stuck = platform(33);
        Trace t = new Trace()
                .add(new TraceEvent.WaitingAtStart(20, woken, "WAITING", Reason.PARK_QUEUE, "java.util.concurrent.SynchronousQueue"))
                .add(new TraceEvent.WaitingAtStart(20, stuck, "WAITING", Reason.PARK_LOCK, null))
                .suspend(woken, 50, 60, Reason.SLEEP).end(woken, 70)
                .add(new TraceEvent.WaitOpen(190, stuck, Reason.PARK_LOCK, false, null, null, 20));
        Analysis a = Intervals.analyze(t, 200);
        assertThat(Intervals.of(a, 32)).containsExactly(
                iv("BLOCKED", 20, 50, Reason.PARK_QUEUE, -1, -1),
                iv("BLOCKED", 50, 60, Reason.SLEEP, -1, -1),
                iv("RUNNING", 60, 70, null, -1, -1));
        assertThat(Intervals.of(a, 33)).extracting(Intervals::state).containsOnly("BLOCKED");
        assertThat(a.source().limits()).filteredOn(l -> l.contains("when the agent went live")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("1 task(s) were waiting when the agent went live")
                        .contains("30 ns after the go-live in all").endsWith(": #32 pt-32 30 ns"));
    }

    /**
     * Chunks convert ticks with their own clock pairs, tens of microseconds apart: a wait from the
     * JDK's chunk that ended 17 us before the agent's TaskEnd can be delivered after it. It is still
     * the task's (it was dropped as "after the task's end": ClassInitWaitTest, a pinned class-init wait).
     */
    @Test
    void aWaitDeliveredJustAfterItsTasksEndIsStillTheTasks() {
        java.util.List<dev.blockscope.analyzer.event.TraceEvent> delivered = java.util.List.of(
                new dev.blockscope.analyzer.event.TraceEvent.TaskStarted(0, V, 0, C1, true),
                new dev.blockscope.analyzer.event.TraceEvent.TaskEnded(250_017, V, true),
                new dev.blockscope.analyzer.event.TraceEvent.Blocked(10_000, 250_000, V, Reason.CLASS_INIT, true,
                        "Waited for initialization of app.Slow by another thread", C1, C1, -1, false, -1));
        Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyzeEvents("skewed", delivered, java.util.List.of(), 0,
                1_000_000, dev.blockscope.analyzer.AnalysisOptions.DEFAULT);
        Analysis.TaskRow row = Intervals.row(a, 10);
        assertThat(row.reasons()).containsEntry(Reason.CLASS_INIT, 240_000L);
        assertThat(row.states()).containsEntry("BLOCKED_PINNED", 240_000L);
        assertThat(a.source().limits()).noneMatch(l -> l.contains("ignored"));
    }

    @Test
    void aTaskFoundEndedAfterItsEndWasRecordedKeepsTheRecordedEnd() {
        Trace t = new Trace().start(V, 0, C1).end(V, 40)
                .add(new dev.blockscope.analyzer.event.TraceEvent.TaskEnded(90, V, true, 60));
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 10)).containsExactly(iv("RUNNING", 0, 40, null, 1, -1));
    }

    @Test
    void pinnedWaitHoldsItsCarrierAndHasNoRunnablePart() {
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 30).pinned(V, 10, 40, Reason.MONITOR_WAIT, "Native frame", C1, 1).end(V, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("BLOCKED_PINNED", 10, 40, Reason.MONITOR_WAIT, 1, 20),
                iv("RUNNING", 40, 50, null, 1, -1));
        assertThat(a.schedLatency().count()).isZero();
        assertThat(a.pinning()).singleElement().satisfies(p -> {
            assertThat(p.pinReason()).isEqualTo("Native frame");
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.total()).isEqualTo(30);
            assertThat(p.fix()).contains("native");
        });
        Analysis.CarrierRow c1 = a.carriers().stream().filter(c -> c.id() == 1).findFirst().orElseThrow();
        assertThat(c1.busy()).isEqualTo(50);
        assertThat(c1.pinned()).isEqualTo(30);
        assertThat(c1.slices()).isEqualTo(2);
    }

    @Test
    void fileIoOfAVirtualThreadCountsAsBlockingItsCarrier() {
        Trace t = new Trace().start(V, 0, C1).suspend(V, 10, 30, Reason.FILE_READ, C1, C1, -1)
                .pinned(V, 40, 45, Reason.FILE_WRITE, "file I/O", C1, -1).end(V, 50);
        Analysis a = Intervals.analyze(t, 50);
        Analysis.CarrierRow c1 = a.carriers().stream().filter(c -> c.id() == 1).findFirst().orElseThrow();
        assertThat(c1.blocked()).isEqualTo(25);
        assertThat(c1.pinned()).isEqualTo(5);
    }

    @Test
    void platformThreadWaitIsBlocked() {
        ThreadRef p = platform(30);
        Trace t = new Trace().start(p, 0, null).suspend(p, 5, 25, Reason.SOCKET_READ).end(p, 30);
        Analysis a = Intervals.analyze(t, 30);
        assertThat(Intervals.of(a, 30)).containsExactly(
                iv("RUNNING", 0, 5, null, -1, -1),
                iv("BLOCKED", 5, 25, Reason.SOCKET_READ, -1, -1),
                iv("RUNNING", 25, 30, null, -1, -1));
    }

    @Test
    void withoutAnUnparkTheWholeWaitIsSuspended() {
        Trace t = new Trace().start(V, 0, C1).suspend(V, 10, 50, Reason.SLEEP, C1, C1, -1).end(V, 60);
        assertThat(Intervals.of(Intervals.analyze(t, 60), 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("SUSPENDED", 10, 50, Reason.SLEEP, -1, -1),
                iv("RUNNING", 50, 60, null, 1, -1));
    }

    @Test
    void aSleepIsReadyWhenItsTimeoutElapsesAndRunnableUntilItRuns() {
        Trace t = new Trace().start(V, 0, C1).timed(V, 10, 50, Reason.SLEEP, 25, C1).end(V, 60);
        Analysis a = Intervals.analyze(t, 60);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("SUSPENDED", 10, 35, Reason.SLEEP, -1, -1),
                iv("RUNNABLE", 35, 50, Reason.SLEEP, -1, -1),
                iv("RUNNING", 50, 60, null, 1, -1));
        assertThat(a.schedLatency().max()).isEqualTo(15);
    }

    @Test
    void aTimedWaitThatWasWokenEarlyUsesTheUnparkNotTheTimeout() {
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 20).timed(V, 10, 50, Reason.PARK_QUEUE, 100, C1).end(V, 60);
        assertThat(Intervals.of(Intervals.analyze(t, 60), 10)).contains(iv("RUNNABLE", 20, 50, Reason.PARK_QUEUE, -1, 20));
    }

    @Test
    void aTimedMonitorWaitIsNotSplitWithoutAnUnpark() {
        // A notify is not an unpark the agent sees for sure: without one, the ready time is not known.
        Trace t = new Trace().start(V, 0, C1).timed(V, 10, 50, Reason.MONITOR_WAIT, 25, C1).end(V, 60);
        assertThat(Intervals.of(Intervals.analyze(t, 60), 10)).contains(iv("SUSPENDED", 10, 50, Reason.MONITOR_WAIT, -1, -1));
    }

    @Test
    void anUnparkBeforeTheWaitIsAPermitNotAWakeUp() {
        // 5 µs before the wait: well beyond a chunk boundary's clock skew (see the chunk tests below).
        long us = 1_000;
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 5 * us).suspend(V, 10 * us, 50 * us, Reason.PARK_OTHER, C1, C1, -1)
                .end(V, 60 * us);
        assertThat(Intervals.of(Intervals.analyze(t, 60 * us), 10)).extracting(Intervals::state)
                .containsExactly("RUNNING", "SUSPENDED", "RUNNING");
    }

    @Test
    void theLastUnparkInsideTheWaitWins() {
        ThreadRef w2 = platform(21);
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 20).unpark(w2, 10, 30).suspend(V, 10, 50, Reason.PARK_QUEUE, C1, C1, -1).end(V, 60);
        assertThat(Intervals.of(Intervals.analyze(t, 60), 10)).contains(iv("RUNNABLE", 30, 50, Reason.PARK_QUEUE, -1, 21));
    }

    @Test
    void betweenThresholdedJdkEventsTheStateIsUnknown() {
        Trace t = new Trace().jdkStart(V, 0).jdkBlocked(V, 10, 40, Reason.SLEEP, false, null).jdkEnd(V, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("UNKNOWN", 0, 10, null, -1, -1),
                iv("SUSPENDED", 10, 40, Reason.SLEEP, -1, -1),
                iv("UNKNOWN", 40, 50, null, -1, -1));
    }

    @Test
    void withoutAStartEventTheHeadIsUnknownFromTheWindowStart() {
        ThreadRef p = platform(30);
        Trace t = new Trace().suspend(p, 20, 30, Reason.SLEEP).end(p, 40);
        Analysis a = Intervals.analyze(t, 40);
        assertThat(Intervals.of(a, 30)).containsExactly(
                iv("UNKNOWN", 0, 20, null, -1, -1),
                iv("BLOCKED", 20, 30, Reason.SLEEP, -1, -1),
                iv("RUNNING", 30, 40, null, -1, -1));
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 task(s) have no start event")
                && l.contains("20 ns UNKNOWN from the recording start") && l.endsWith(": #30 pt-30 20 ns"));
    }

    @Test
    void aTaskAliveAtTheEndIsOpenAndItsTailUnknown() {
        Trace t = new Trace().start(V, 0, C1).suspend(V, 10, 20, Reason.SLEEP, C1, C1, -1);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 10)).last().isEqualTo(iv("UNKNOWN", 20, 100, null, -1, -1));
        assertThat(Intervals.row(a, 10).end()).isNull();
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 task(s) were alive at the end of the recording, 80 ns UNKNOWN")
                && l.endsWith(": #10 vt-10 80 ns"));
    }

    @Test
    void aPlatformThreadSeenOnlyByItsJdkStartIsExplainedAndNamedLargestFirst() {
        // Two JDK housekeeping threads that park for the whole recording: the JDK writes a park
        // only when it ends, so all it shows of them is jdk.ThreadStart.
        // On an agent's recording, which has every thread that waited or ran, they are the JVM's own
        // threads, and their UNKNOWN is said on the service threads' line (a recording without the
        // agent names such threads "seen only through jdk.* events": nothing tells them apart there).
        Trace agent = new Trace().jdkStart(platform(40), 10).jdkStart(platform(41), 30).start(V, 0, C1).end(V, 5);
        Analysis b = Intervals.analyze(agent, 100);
        assertThat(b.source().limits()).anyMatch(l -> l.startsWith("2 JVM service thread(s)")
                && l.endsWith(": #40 pt-40 90 ns, #41 pt-41 70 ns"));
        assertThat(b.source().limits()).noneMatch(l -> l.contains("seen only through jdk.*") || l.contains("alive at the end"));
    }

    @Test
    void anEnclosingPinnedEventMergesWithTheParkItEncloses() {
        // The JDK writes jdk.ThreadPark at its end, then jdk.VirtualThreadPinned around it.
        Trace t = new Trace().jdkStart(V, 0).jdkBlocked(V, 12, 38, Reason.PARK_LOCK, false, null)
                .jdkBlocked(V, 10, 40, "park.other", true, "Monitor held").jdkEnd(V, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 10)).contains(iv("BLOCKED_PINNED", 10, 40, Reason.PARK_LOCK, -1, -1));
        assertThat(Intervals.row(a, 10).suspensions()).isEqualTo(1);
    }

    @Test
    void aBlockscopeSuspendEnclosingAJdkParkKeepsTheAgentsReason() {
        Trace t = new Trace().start(V, 0, C1).jdkBlocked(V, 12, 30, Reason.PARK_OTHER, false, null)
                .suspend(V, 10, 40, Reason.CHAN_RECV, C1, C1, -1).end(V, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("SUSPENDED", 10, 40, Reason.CHAN_RECV, -1, -1),
                iv("RUNNING", 40, 50, null, 1, -1));
    }

    @Test
    void aJdkPinInsideAnUnpinnedAgentWaitHoldsTheCarrierOnlyForItsOwnPart() {
        // A virtual thread waits 10 ms for a class initialization holding its carrier, then
        // unmounts in the same socket read: the agent's Suspend (not pinned) encloses the JDK's
        // jdk.VirtualThreadPinned, written first or after it.
        for (boolean jdkFirst : new boolean[] {true, false}) {
            Trace t = new Trace().start(V, 0, C1);
            if (jdkFirst) {
                t.jdkBlocked(V, 20, 30, "park.other", true, "class init").suspend(V, 10, 90, Reason.SOCKET_READ, C1, C1, 1);
            } else {
                t.suspend(V, 10, 90, Reason.SOCKET_READ, C1, C1, 1).jdkBlocked(V, 20, 30, "park.other", true, "class init");
            }
            Analysis a = Intervals.analyze(t.end(V, 100), 100);
            assertThat(Intervals.of(a, 10)).as("JDK event first: " + jdkFirst).containsExactly(
                    iv("RUNNING", 0, 10, null, 1, -1),
                    iv("SUSPENDED", 10, 20, Reason.SOCKET_READ, -1, -1),
                    iv("BLOCKED_PINNED", 20, 30, Reason.SOCKET_READ, 1, -1),
                    iv("SUSPENDED", 30, 90, Reason.SOCKET_READ, -1, -1),
                    iv("RUNNING", 90, 100, null, 1, -1));
            Analysis.TaskRow row = Intervals.row(a, 10);
            assertThat(row.suspensions()).isEqualTo(1);
            assertThat(row.states()).containsEntry("BLOCKED_PINNED", 10L).containsEntry("SUSPENDED", 70L);
            assertThat(a.pinning()).singleElement().satisfies(p -> {
                assertThat(p.pinReason()).isEqualTo("class init");
                assertThat(p.total()).isEqualTo(10);
            });
            Analysis.CarrierRow c1 = a.carriers().stream().filter(c -> c.id() == 1).findFirst().orElseThrow();
            assertThat(c1.pinned()).isEqualTo(10);
        }
    }

    @Test
    void aClassInitWaitAndThePinAroundItAreOneWaitNamingTheClass() {
        // JDK 25, a virtual thread waiting for another thread's class initializer: a
        // jdk.JavaMonitorWait on the class's init lock (an int[]: class.init, no class) and a
        // jdk.VirtualThreadPinned naming the class, 74 ns later and ending 15.9 µs later (as
        // recorded in ClassInitWaitTest's workload). Neither is inside the other; they were read
        // as a 261 ms unmounted wait of no class and a 15.9 µs pin after it.
        String slow = "app.Config";
        Trace t = new Trace().jdkStart(V, 0)
                .add(new TraceEvent.Blocked(1_000_000, 262_000_000, V, Reason.CLASS_INIT, false, null, null, null, 1, false, -1, null))
                .add(new TraceEvent.Blocked(1_000_074, 262_015_900, V, Reason.CLASS_INIT, true,
                        "Waited for initialization of " + slow + " by another thread", null, null, 1, false, -1, slow))
                .jdkEnd(V, 300_000_000);
        Analysis a = Intervals.analyze(t, 300_000_000);
        assertThat(Intervals.of(a, 10)).contains(iv("BLOCKED_PINNED", 1_000_000, 262_015_900, Reason.CLASS_INIT, -1, -1));
        Analysis.TaskRow row = Intervals.row(a, 10);
        assertThat(row.suspensions()).isEqualTo(1);
        assertThat(row.states()).containsEntry("SUSPENDED", 0L).containsEntry("BLOCKED_PINNED", 261_015_900L);
        assertThat(row.longest()).singleElement().satisfies(w -> assertThat(w.blocker()).isEqualTo(slow));
        Analysis.Timeline tl = a.timeline();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] == 10 && tl.reason()[i] >= 0) {
                assertThat(tl.blockers().get(tl.blocker()[i])).isEqualTo(slow);
            }
        }
        assertThat(a.blocking().byStack()).singleElement().satisfies(r -> assertThat(r.blocker()).isEqualTo(slow));
    }

    @Test
    void aPinOfTheJdksOwnSubPollerIsNoPinningSiteButALimit() {
        ThreadRef poller = new ThreadRef(40, "SubPoller-0", true);
        Trace t = new Trace().start(V, 0, C1).pinned(V, 10, 20, Reason.FILE_WRITE, "file I/O", C1, -1).end(V, 30)
                .jdkStart(poller, 0).jdkBlocked(poller, 30, 45, "park.other", true, "class init").jdkEnd(poller, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(a.pinning()).singleElement().satisfies(p -> assertThat(p.pinReason()).isEqualTo("file I/O"));
        assertThat(Intervals.row(a, 40).service()).isTrue();
        assertThat(Intervals.row(a, 40).states()).containsEntry("BLOCKED_PINNED", 15L);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 pinned wait(s) of the JDK's own virtual threads"));
    }

    @Test
    void aPartlyOverlappingWaitIsClippedSoTimeIsNeverCountedTwice() {
        ThreadRef p = platform(30);
        Trace t = new Trace().jdkStart(p, 0).jdkBlocked(p, 10, 30, Reason.SLEEP, false, null)
                .jdkBlocked(p, 20, 40, Reason.MONITOR_ENTER, false, null).jdkEnd(p, 50);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 30)).containsExactly(
                iv("UNKNOWN", 0, 10, null, -1, -1),
                iv("BLOCKED", 10, 30, Reason.SLEEP, -1, -1),
                iv("BLOCKED", 30, 40, Reason.MONITOR_ENTER, -1, -1),
                iv("UNKNOWN", 40, 50, null, -1, -1));
    }

    @Test
    void eventsAfterTheEndAreIgnored() {
        ThreadRef p = platform(30);
        Trace t = new Trace().start(p, 0, null).end(p, 20).suspend(p, 25, 35, Reason.SLEEP);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.of(a, 30)).containsExactly(iv("RUNNING", 0, 20, null, -1, -1));
        assertThat(Intervals.row(a, 30).end()).isEqualTo(20);
        assertThat(a.source().limits()).contains("1 wait event(s) ignored: they came after their task's end, or lay inside "
                + "time another event of the task already covered; 10 ns of their waiting time is not on the timeline as theirs");
    }

    @Test
    void everyReasonIsAttributedAndStatesAddUpToTheLifetime() {
        Trace t = new Trace();
        long id = 100;
        for (String reason : Reason.ALL) {
            ThreadRef task = virtual(id++);
            t.start(task, 0, C1).unpark(W, task.id(), 70).suspend(task, 10, 80, reason, C1, C2, -1).end(task, 100);
        }
        Analysis a = Intervals.analyze(t, 100);
        assertThat(a.tasks()).hasSize(Reason.ALL.size());
        for (Analysis.TaskRow row : a.tasks()) {
            String reason = Reason.ALL.get((int) (row.id() - 100));
            assertThat(row.reasons()).isEqualTo(Map.of(reason, 60L));
            assertThat(row.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(row.end() - row.start());
            assertThat(row.states().get("UNKNOWN")).isZero();
            if (reason.equals("carrier.idle")) {
                // A carrier's own idle park is no task's wait (see CarrierIdleTest), whoever commits it.
                assertThat(a.blocking().byReason()).doesNotContainKey(reason);
            } else {
                assertThat(a.blocking().byReason()).containsEntry(reason, 60L);
            }
        }
    }

    @Test
    void longestWaitsAreKeptLongestFirst() {
        ThreadRef p = platform(30);
        Trace t = new Trace().start(p, 0, null);
        long[] durations = {5, 50, 10, 40, 20, 30, 1};
        long at = 0;
        for (long d : durations) {
            t.suspend(p, at + 1, at + 1 + d, Reason.SLEEP);
            at += d + 1;
        }
        t.end(p, at + 1);
        Analysis a = Intervals.analyze(t, at + 1);
        assertThat(Intervals.row(a, 30).longest()).extracting(Analysis.WaitRow::duration).containsExactly(50L, 40L, 30L, 20L, 10L);
    }

    // Chunk boundary: V parked and W unparked it 100 ns later, while V was still entering park;
    // the rotation fell between W's commit and V's, and the new chunk's tick conversion runs 256 ns
    // ahead, so the unpark reads 156 ns before the wait began. It is still V's waker; the wait is
    // RUNNABLE from its start (its SUSPENDED part was shorter than the skew).
    @Test
    void anUnparkJustBeforeTheWaitFromTheChunkBeforeStillWakesIt() {
        long us = 1_000;
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 100 * us - 156).suspend(V, 100 * us, 300 * us, Reason.PARK_LOCK, C1, C1, -1)
                .end(V, 400 * us);
        Analysis a = Intervals.analyze(t, 400 * us);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 100 * us, null, 1, -1),
                iv("RUNNABLE", 100 * us, 300 * us, Reason.PARK_LOCK, -1, 20),
                iv("RUNNING", 300 * us, 400 * us, null, 1, -1));
        assertThat(a.schedLatency().count()).isEqualTo(1);
    }

    // Chunk boundary: W unparked V just before the chunk rotated; V's Suspend ended in the next
    // chunk, whose tick conversion runs behind the old one's, so the unpark (old chunk) reads 300 ns
    // after the wait's end. It is V's waker, not left pending to be lost at the next wait.
    @Test
    void anUnparkJustAfterTheWaitWakesItAndNotTheNextOne() {
        long us = 1_000;
        Trace t = new Trace().start(V, 0, C1).suspend(V, 100 * us, 300 * us, Reason.PARK_LOCK, C1, C1, -1).unpark(W, 10, 300 * us + 300)
                .suspend(V, 400 * us, 500 * us, Reason.PARK_LOCK, C1, C1, -1).unpark(W, 10, 450 * us).end(V, 600 * us);
        Analysis a = Intervals.analyze(t, 600 * us);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 100 * us, null, 1, -1),
                iv("SUSPENDED", 100 * us, 300 * us, Reason.PARK_LOCK, -1, 20),
                iv("RUNNING", 300 * us, 400 * us, null, 1, -1),
                iv("SUSPENDED", 400 * us, 450 * us, Reason.PARK_LOCK, -1, 20),
                iv("RUNNABLE", 450 * us, 500 * us, Reason.PARK_LOCK, -1, 20),
                iv("RUNNING", 500 * us, 600 * us, null, 1, -1));
    }

    @Test
    void anUnparkFarOutsideTheWaitOrInsideTheNextOneIsNotItsWaker() {
        long ms = 1_000_000;
        Trace t = new Trace().start(V, 0, C1).suspend(V, 10 * ms, 20 * ms, Reason.PARK_LOCK, C1, C1, -1)
                // 500 ns after the wait, but inside the next wait (which began 200 ns after): the next wait's wake.
                .unpark(platform(21), 10, 20 * ms + 500).suspend(V, 20 * ms + 200, 30 * ms, Reason.PARK_LOCK, C1, C1, -1)
                // 2 ms after the third wait: far beyond any chunk skew, so not its wake.
                .suspend(V, 40 * ms, 50 * ms, Reason.PARK_LOCK, C1, C1, -1).unpark(W, 10, 52 * ms)
                .end(V, 60 * ms);
        Analysis a = Intervals.analyze(t, 60 * ms);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10 * ms, null, 1, -1),
                iv("SUSPENDED", 10 * ms, 20 * ms, Reason.PARK_LOCK, -1, -1),
                iv("RUNNING", 20 * ms, 20 * ms + 200, null, 1, -1),
                iv("SUSPENDED", 20 * ms + 200, 20 * ms + 500, Reason.PARK_LOCK, -1, 21),
                iv("RUNNABLE", 20 * ms + 500, 30 * ms, Reason.PARK_LOCK, -1, 21),
                iv("RUNNING", 30 * ms, 40 * ms, null, 1, -1),
                iv("SUSPENDED", 40 * ms, 50 * ms, Reason.PARK_LOCK, -1, -1),
                iv("RUNNING", 50 * ms, 60 * ms, null, 1, -1));
    }

    // The agent reports a wait still open at each chunk end (blockscope.OpenSuspend). At the end
    // of the recording, V had been parked since 50: that wait runs to the end instead of UNKNOWN.
    @Test
    void aWaitReportedOpenAtTheEndRunsToTheEnd() {
        Trace t = new Trace().start(V, 0, C1).suspend(V, 10, 20, Reason.SLEEP, C1, C1, -1)
                .add(new dev.blockscope.analyzer.event.TraceEvent.WaitOpen(90, new ThreadRef(10, null, true), Reason.PARK_LOCK,
                        false, null, C1, 50));
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 10, null, 1, -1),
                iv("SUSPENDED", 10, 20, Reason.SLEEP, -1, -1),
                iv("RUNNING", 20, 50, null, 1, -1),
                iv("SUSPENDED", 50, 100, Reason.PARK_LOCK, -1, -1));
        assertThat(Intervals.row(a, 10).states()).containsEntry("UNKNOWN", 0L);
        assertThat(Intervals.row(a, 10).name()).isEqualTo("vt-10");
        assertThat(a.source().limits()).noneMatch(l -> l.contains("alive at the end"));
    }

    // The open report of chunk 1 (at 60, parked since 50) is superseded by the Suspend that
    // closed the same wait in chunk 2: counted once, and the task's tail after it is UNKNOWN.
    @Test
    void aWaitReportedOpenAndLaterClosedIsCountedOnce() {
        Trace t = new Trace().start(V, 0, C1)
                .add(new dev.blockscope.analyzer.event.TraceEvent.WaitOpen(60, new ThreadRef(10, null, true), Reason.PARK_LOCK,
                        false, null, C1, 50))
                .suspend(V, 50, 70, Reason.PARK_LOCK, C1, C1, -1);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 10)).containsExactly(
                iv("RUNNING", 0, 50, null, 1, -1),
                iv("SUSPENDED", 50, 70, Reason.PARK_LOCK, -1, -1),
                iv("UNKNOWN", 70, 100, null, -1, -1));
        assertThat(Intervals.row(a, 10).suspensions()).isEqualTo(1);
    }
}
