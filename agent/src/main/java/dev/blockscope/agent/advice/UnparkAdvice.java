package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/** {@code LockSupport.unpark(Thread)}: the current thread wakes the target (its waker and time go into the target's Suspend). */
public final class UnparkAdvice {
    private UnparkAdvice() {}

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) Thread target) {
        ProbeBridge.unpark(target);
    }
}
