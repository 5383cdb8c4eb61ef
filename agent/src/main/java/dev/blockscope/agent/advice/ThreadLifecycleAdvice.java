package dev.blockscope.agent.advice;

import dev.blockscope.agent.bridge.ProbeBridge;
import net.bytebuddy.asm.Advice;

/** Advice on {@code java.lang.Thread}: start (the parent), run and exit (platform tasks). */
public final class ThreadLifecycleAdvice {
    private ThreadLifecycleAdvice() {}

    /** Entry of {@code start()}: the current thread is the parent of the started one. */
    public static final class Start {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread child) {
            ProbeBridge.starting(child);
        }
    }

    /** Entry of {@code Thread.run()}: a platform thread begins its task. */
    public static final class Run {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread self) {
            ProbeBridge.taskStart(self);
        }
    }

    /** Entry of {@code Thread.exit()}, called by the VM on the dying platform thread. */
    public static final class Exit {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread self) {
            ProbeBridge.taskEnd(self);
        }
    }

    /** Entry of {@code dispatchUncaughtException(Throwable)}: the task fails. */
    public static final class Uncaught {
        @Advice.OnMethodEnter
        static void enter() {
            ProbeBridge.uncaught();
        }
    }
}
