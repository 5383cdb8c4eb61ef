package dev.blockscope.analyzer;

import dev.blockscope.analyzer.model.CarrierCoverage;
import dev.blockscope.analyzer.model.Interval;
import dev.blockscope.analyzer.model.IntervalBatch;
import dev.blockscope.analyzer.model.TaskState;
import dev.blockscope.analyzer.summary.CarrierSummarizer;
import dev.blockscope.analyzer.summary.CpuProfile;
import dev.blockscope.analyzer.summary.SwitchCost;
import dev.blockscope.analyzer.summary.TimelineRecorder;

/**
 * The summaries of a one-shot analysis that need only an interval's own values and what was
 * captured with it ({@link IntervalBatch}): the timeline's columns, the switch cost, the CPU, wall
 * and lock profiles (their run slices and samples) and the carriers' coverage by their virtual
 * threads. They are fed batches in the analysis' order, on the thread of an {@link IntervalPipe},
 * and read once it is finished: nothing in them depends on which thread applied a batch.
 */
final class IntervalSinks {
    final TimelineRecorder timeline;
    final SwitchCost switchCost = new SwitchCost();
    final CarrierCoverage coverage = new CarrierCoverage();
    final CpuProfile cpu = new CpuProfile();
    // one copy of the run slices, the CPU profile's, which the wall and lock profiles read
    final CpuProfile wall = CpuProfile.wall(cpu);
    final CpuProfile lock = CpuProfile.lock(cpu);
    private final Interval interval = new Interval();

    IntervalSinks(TimelineRecorder timeline) {
        this.timeline = timeline;
    }

    /** Applies every slot of {@code batch}, in order. */
    void apply(IntervalBatch batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            switch (batch.op(i)) {
                case INTERVAL -> interval(batch, i);
                case BEGAN -> switchCost.began(batch.task(i), batch.start(i));
                case FORGET -> switchCost.forget(batch.task(i));
                case CPU_SAMPLE -> cpu.sample(batch.task(i), batch.start(i), batch.stack(i));
                case WALL_SAMPLE -> wall.sample(batch.task(i), batch.start(i), batch.stack(i), batch.weight(i));
                case LOCK_ENTRY -> lock.entry(batch.task(i), batch.start(i), batch.stack(i), batch.end(i));
                case SETTING -> {
                    cpu.setting(batch.reason(i), batch.blocker(i));
                    wall.setting(batch.reason(i), batch.blocker(i));
                }
            }
        }
    }

    private void interval(IntervalBatch b, int i) {
        TaskState state = b.state(i);
        long task = b.task(i);
        long start = b.start(i);
        long end = b.end(i);
        long carrier = b.carrier(i);
        boolean virtual = (b.flags(i) & IntervalBatch.VIRTUAL) != 0;
        // fed every interval: the timeline keeps only its budget, the cost is the whole recording's
        timeline.add(b.read(i, interval), b.lane(i));
        switchCost.interval(task, virtual, state, start, end, carrier);
        if (virtual) {
            if (carrier != Interval.NO_CARRIER && (state == TaskState.RUNNING || state == TaskState.BLOCKED_PINNED)) {
                cpu.slice(carrier, task, start, end);
                coverage.slice(carrier, start, end, state == TaskState.RUNNING ? null : b.reason(i));
            }
            if (state == TaskState.SUSPENDED && CarrierSummarizer.carrierBlocking(b.reason(i))) {
                // file I/O keeps the carrier: the lane is the one it kept
                coverage.slice(b.lane(i), start, end, b.reason(i));
                cpu.slice(b.lane(i), task, start, end);
            }
        } else if ((b.flags(i) & IntervalBatch.CARRIER_OWN) != 0) {
            coverage.known(task, start, end);
        }
    }
}
