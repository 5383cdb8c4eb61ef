package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for an outer blocking call (sleep, join, yield, socket, selector, file, process): the
 * whole call is one suspension with the reason bound at installation.
 */
public final class BlockingCallAdvice {
    private BlockingCallAdvice() {}

    @Advice.OnMethodEnter
    static Object enter(@ProbeReason String reason, @RequireBlock boolean requireBlock) {
        return ProbeBridge.enter(reason, null, -1L, requireBlock);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered) {
        ProbeBridge.exit(entered);
    }

    /**
     * {@code Thread.sleepNanos(long nanos)} (JDK 25): the sleep time is the timeout. A sleep of
     * a positive time is a suspension even when it never unmounts: the permit a previous sleep
     * left makes the first park return at once, and when the time has passed by then (a carrier
     * descheduled by the OS) the sleep ends without a yield. Only {@code sleep(0)}, a yield, must
     * unmount to count.
     */
    public static final class SleepNanos {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) long nanos) {
            return ProbeBridge.enter(dev.blockscope.event.Reason.SLEEP, null, nanos, nanos <= 0);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code Object.wait(long millis)}: the monitor is the blocker. */
    public static final class MonitorWait {
        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object monitor, @Advice.Argument(0) long millis) {
            return ProbeBridge.enter(dev.blockscope.event.Reason.MONITOR_WAIT, monitor,
                    millis > 0 ? millis * 1_000_000L : -1L, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }
}
