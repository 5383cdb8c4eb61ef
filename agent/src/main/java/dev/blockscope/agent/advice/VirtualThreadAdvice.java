package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/** Advice on {@code java.lang.VirtualThread} internals (matched by name and shape per JDK). */
public final class VirtualThreadAdvice {
    private VirtualThreadAdvice() {}

    /** Exit of {@code yieldContinuation()}: true when the virtual thread unmounted. */
    public static final class YieldContinuation {
        @Advice.OnMethodExit
        static void exit(@Advice.Return boolean yielded) {
            ProbeBridge.yielded(yielded);
        }
    }

    /** Entry of {@code parkOnCarrierThread(boolean, long)}: the park holds the carrier. */
    public static final class ParkOnCarrier {
        @Advice.OnMethodEnter
        static void enter() {
            ProbeBridge.parkPinned();
        }
    }

    /** Entry of {@code VThreadContinuation.onPinned(Continuation.Pinned)}: the JDK's pin reason. */
    public static final class OnPinned {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object reason) {
            ProbeBridge.pinReason(reason);
        }
    }

    /** Entry of {@code afterYield()} on the carrier: sees a virtual thread blocked on a monitor. */
    public static final class AfterYield {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread vthread, @Advice.FieldValue("state") int state) {
            ProbeBridge.afterYield(vthread, state);
        }
    }

    /** Entry of {@code mount()} on the carrier: ends a monitor suspension measured there. */
    public static final class Mount {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread vthread) {
            ProbeBridge.mounting(vthread);
        }
    }

    /** {@code run(Runnable)}: the virtual thread's task starts and ends, in its own context. */
    public static final class Run {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread self) {
            ProbeBridge.taskStart(self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Thread self) {
            ProbeBridge.taskEnd(self);
        }
    }
}
