package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Entry of {@code java.lang.Shutdown.exit(int)} (System.exit, SIGTERM) and {@code shutdown()}
 * (the end of main): lets a recording that is still starting run before the JVM exits.
 */
public final class ShutdownAdvice {
    private ShutdownAdvice() {}

    @Advice.OnMethodEnter
    static void enter() {
        ProbeBridge.exiting();
    }
}
