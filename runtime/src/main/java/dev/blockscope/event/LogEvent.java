package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code blockscope.Log}: a user message attached to the event thread's task (as Go's {@code trace.Log}). */
@Name("blockscope.Log")
@Label("Log")
@Category({"blockscope", "Runtime"})
@StackTrace(false)
public final class LogEvent extends jdk.jfr.Event {
    @Label("Category")
    public String category;

    @Label("Message")
    public String message;

    @Label("Runtime Task Id") @jdk.jfr.Description("0 outside a runtime task")
    public long runtimeTaskId;
}
