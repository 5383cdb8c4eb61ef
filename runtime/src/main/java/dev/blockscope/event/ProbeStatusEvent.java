package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.ProbeStatus}: written once per probe at the start of a recording; says which
 * probes are live on this JDK, so the analyzer can tell "no event" from "not observed".
 */
@Name("blockscope.ProbeStatus")
@Label("blockscope Probe Status")
@Category({"blockscope", "Agent"})
@StackTrace(false)
public final class ProbeStatusEvent extends jdk.jfr.Event {
    @Label("Probe") public String probe;
    @Label("Live") public boolean live;
    @Label("Detail") public String detail;
    @Label("Agent Version") public String agentVersion;
    @Label("Options") public String options;
}
