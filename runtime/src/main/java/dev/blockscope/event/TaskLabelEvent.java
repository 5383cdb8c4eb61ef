package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.TaskLabel}: the bundled runtime names the event thread as one of its tasks.
 * Committed by the task itself when it starts; the analyzer joins it to the thread by id. A
 * logical runtime task may use several threads: they share {@code runtimeTaskId}.
 */
@Name("blockscope.TaskLabel")
@Label("Runtime Task")
@Category({"blockscope", "Runtime"})
@StackTrace(false)
public final class TaskLabelEvent extends jdk.jfr.Event {
    @Label("Task Name")
    public String taskName;

    @Label("Group") @Description("Group the task belongs to, or null")
    public String group;

    @Label("Runtime Task Id")
    public long runtimeTaskId;

    @Label("Parent Runtime Task Id") @Description("0 when started outside a runtime task")
    public long parentRuntimeTaskId;
}
