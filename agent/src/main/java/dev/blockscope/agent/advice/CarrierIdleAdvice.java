package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/**
 * {@code ForkJoinPool.awaitWork}: a pool worker waits for work. On a carrier thread of the
 * virtual-thread scheduler that is the carrier's own idle time ({@code carrier.idle}); the
 * bridge ignores other pools' workers. The pool parks with {@code Unsafe.park}, which the
 * {@code LockSupport} probes do not see.
 */
public final class CarrierIdleAdvice {
    private CarrierIdleAdvice() {}

    @Advice.OnMethodEnter
    static boolean enter() {
        return ProbeBridge.carrierIdleEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean counted) {
        ProbeBridge.carrierIdleExit(counted);
    }
}
