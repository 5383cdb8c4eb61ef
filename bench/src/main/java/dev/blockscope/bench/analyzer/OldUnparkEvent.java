package dev.blockscope.bench.analyzer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Unpark} as agents before the wake-up moved into the Suspend itself
 * ({@code wakerId}, {@code readyNanos}) wrote it: the event thread (the waker) made task
 * {@code targetId} runnable. The analyzer still reads it; the agent no longer has the class (it
 * was registered in every recording while nothing committed it), so the benchmark that measures
 * the analyzer on such a recording keeps its own copy.
 */
@Name("blockscope.Unpark")
@Label("Task Unpark")
@Category({"blockscope", "Tasks"})
@Description("The event thread made a task runnable")
@StackTrace(false)
final class OldUnparkEvent extends jdk.jfr.Event {
    @Label("Target Task Id") @Description("Java thread id of the task made runnable")
    public long targetId;

    @Label("Target Is Virtual")
    public boolean targetVirtual;
}
