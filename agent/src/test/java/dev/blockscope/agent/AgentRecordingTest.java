package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's recording settings: which JDK events it asks for, at what threshold. */
class AgentRecordingTest {
    @Test
    void theJdksMonitorWaitIsAComparisonAtTwentyMillisWhileTheWaitProbeRecordsEveryWait() throws Exception {
        Map<String, String> s = AgentRecording.settings(AgentOptions.parse("threshold=0"));
        assertThat(s).containsEntry("jdk.JavaMonitorWait#enabled", "true").containsEntry("jdk.JavaMonitorWait#threshold", "20 ms");
        // nothing but the JDK sees a platform thread blocked on synchronized, or a pin
        assertThat(s).containsEntry("jdk.JavaMonitorEnter#threshold", "0 ns").containsEntry("jdk.VirtualThreadPinned#threshold", "0 ns");
    }

    @Test
    void withoutTheWaitProbeTheJdksMonitorWaitTakesThresholdInstead() throws Exception {
        Map<String, String> s = AgentRecording.settings(AgentOptions.parse("threshold=5us,probes=-wait"));
        assertThat(s).containsEntry("jdk.JavaMonitorWait#threshold", "5000 ns").containsEntry("jdk.JavaMonitorWait#stackTrace", "true");
    }

    @Test
    void jdkeventsOffAsksForNoneOfThem() throws Exception {
        Map<String, String> s = AgentRecording.settings(AgentOptions.parse("jdkevents=off"));
        assertThat(s).doesNotContainKeys("jdk.JavaMonitorWait#enabled", "jdk.JavaMonitorEnter#enabled", "jdk.ThreadPark#enabled");
    }

    @Test
    void theJdksVirtualThreadStartAndEndOnlyWhenTheVthreadProbeIsOff() throws Exception {
        assertThat(AgentRecording.settings(AgentOptions.parse(null))).doesNotContainKeys("jdk.VirtualThreadStart#enabled",
                "jdk.VirtualThreadEnd#enabled").containsEntry("jdk.ThreadStart#enabled", "true");
        assertThat(AgentRecording.settings(AgentOptions.parse("probes=-vthread")))
                .containsEntry("jdk.VirtualThreadStart#enabled", "true").containsEntry("jdk.VirtualThreadEnd#enabled", "true");
    }
}
