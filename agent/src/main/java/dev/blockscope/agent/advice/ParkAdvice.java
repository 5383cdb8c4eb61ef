package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for the {@code LockSupport.park*} shapes. Each nested class matches one signature; all
 * hand the blocker (if any) and the timeout to {@link ProbeBridge#parkEnter}. The inner park
 * probe stays silent when an outer probe (sleep, socket read, ...) already owns the suspension.
 */
public final class ParkAdvice {
    private ParkAdvice() {}

    /** {@code park()}. */
    public static final class NoBlocker {
        @Advice.OnMethodEnter
        static Object enter() {
            return ProbeBridge.parkEnter(null, -1L);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code park(Object blocker)}. */
    public static final class Blocker {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) Object blocker) {
            return ProbeBridge.parkEnter(blocker, -1L);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code parkNanos(long nanos)}. */
    public static final class Nanos {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) long nanos) {
            return ProbeBridge.parkEnter(null, nanos);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code parkNanos(Object blocker, long nanos)}. */
    public static final class BlockerNanos {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) Object blocker, @Advice.Argument(1) long nanos) {
            return ProbeBridge.parkEnter(blocker, nanos);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code parkUntil(long deadlineMillis)}. */
    public static final class Until {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) long deadline) {
            return ProbeBridge.parkEnter(null, (deadline - System.currentTimeMillis()) * 1_000_000L);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }

    /** {@code parkUntil(Object blocker, long deadlineMillis)}. */
    public static final class BlockerUntil {
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) Object blocker, @Advice.Argument(1) long deadline) {
            return ProbeBridge.parkEnter(blocker, (deadline - System.currentTimeMillis()) * 1_000_000L);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            ProbeBridge.exit(entered);
        }
    }
}
