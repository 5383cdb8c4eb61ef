package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Region}: a user-annotated interval of a task (as Go's
 * {@code trace.WithRegion}); duration event committed by the task at the region's end.
 */
@Name("blockscope.Region")
@Label("Region")
@Category({"blockscope", "Runtime"})
@StackTrace(false)
public final class RegionEvent extends jdk.jfr.Event {
    @Label("Region Name")
    public String regionName;

    @Label("Runtime Task Id") @jdk.jfr.Description("0 outside a runtime task")
    public long runtimeTaskId;
}
