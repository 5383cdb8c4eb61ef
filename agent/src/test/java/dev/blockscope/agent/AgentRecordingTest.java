package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's recording settings: which JDK events it asks for, at what threshold. */
class AgentRecordingTest {
    private static Map<String, String> settings(String options) throws Exception {
        AgentOptions o = AgentOptions.parse(options);
        return AgentRecording.settings(o, o.probes());
    }

    @Test
    void noJdkEventRepeatsALiveProbe() throws Exception {
        Map<String, String> s = settings("threshold=0");
        // each of these cost a commit and a stack per wait that a probe records anyway: in a soak
        // of sleeping virtual threads, jdk.ThreadSleep was 5.7M of the file's 15.3M events
        assertThat(s).doesNotContainKeys("jdk.ThreadSleep#enabled", "jdk.ThreadPark#enabled", "jdk.JavaMonitorWait#enabled",
                "jdk.SocketRead#enabled", "jdk.SocketWrite#enabled", "jdk.FileRead#enabled", "jdk.FileWrite#enabled");
        // nothing but the JDK sees a platform thread blocked on synchronized, or a pin
        assertThat(s).containsEntry("jdk.JavaMonitorEnter#threshold", "0 ns").containsEntry("jdk.VirtualThreadPinned#threshold", "0 ns");
    }

    @Test
    void withAProbeOffTheJdksEventForItsWaitsTakesThreshold() throws Exception {
        Map<String, String> s = settings("threshold=5us,probes=-wait+-sleep");
        assertThat(s).containsEntry("jdk.JavaMonitorWait#threshold", "5000 ns").containsEntry("jdk.JavaMonitorWait#stackTrace", "true");
        assertThat(s).containsEntry("jdk.ThreadSleep#enabled", "true").doesNotContainKey("jdk.ThreadPark#enabled");
    }

    @Test
    void aProbeThatCouldNotInstallCountsAsOff() throws Exception {
        AgentOptions o = AgentOptions.parse(null);
        Set<Probe> live = EnumSet.allOf(Probe.class);
        live.remove(Probe.SOCKET);
        Map<String, String> s = AgentRecording.settings(o, live);
        assertThat(s).containsEntry("jdk.SocketRead#enabled", "true").containsEntry("jdk.SocketWrite#enabled", "true");
        assertThat(s).doesNotContainKey("jdk.FileRead#enabled");
    }

    @Test
    void jdkeventsOffAsksForNoneOfThem() throws Exception {
        Map<String, String> s = settings("jdkevents=off,probes=-wait");
        assertThat(s).doesNotContainKeys("jdk.JavaMonitorWait#enabled", "jdk.JavaMonitorEnter#enabled", "jdk.ThreadPark#enabled");
    }

    @Test
    void theJdksVirtualThreadStartAndEndOnlyWhenTheVthreadProbeIsOff() throws Exception {
        assertThat(settings(null)).doesNotContainKeys("jdk.VirtualThreadStart#enabled",
                "jdk.VirtualThreadEnd#enabled").containsEntry("jdk.ThreadStart#enabled", "true");
        assertThat(settings("probes=-vthread"))
                .containsEntry("jdk.VirtualThreadStart#enabled", "true").containsEntry("jdk.VirtualThreadEnd#enabled", "true");
    }
}
