package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {
    @Test
    void defaults() throws Exception {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.file()).isEqualTo("blockscope-%p.jfr");
        assertThat(o.thresholdNanos()).isZero();
        assertThat(o.stackMinNanos()).isEqualTo(1_000_000L);
        assertThat(o.probes()).isEqualTo(EnumSet.allOf(Probe.class));
        assertThat(o.jdkEvents()).isTrue();
        assertThat(o.stop()).isFalse();
        assertThat(o.startup()).isEqualTo(AgentOptions.Startup.NOW);
    }

    @Test
    void parsesEveryOption() throws Exception {
        AgentOptions o = AgentOptions.parse("file=out-%p-%t.jfr,duration=2s,maxsize=100m,stacks=off,threshold=10us,"
                + "probes=park+sleep,jdkevents=off,log=debug,stop");
        assertThat(o.outputPath(42, LocalDateTime.of(2026, 11, 27, 23, 5, 9)))
                .isEqualTo(Path.of("out-42-20261127-230509.jfr").toAbsolutePath());
        assertThat(o.durationNanos()).isEqualTo(2_000_000_000L);
        assertThat(o.maxSizeBytes()).isEqualTo(100L << 20);
        assertThat(o.stackMinNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(o.thresholdNanos()).isEqualTo(10_000L);
        assertThat(o.probes()).containsExactly(Probe.PARK, Probe.SLEEP);
        assertThat(o.jdkEvents()).isFalse();
        assertThat(o.log()).isEqualTo(AgentOptions.LogLevel.DEBUG);
        assertThat(o.stop()).isTrue();
        assertThat(AgentOptions.parse("stacks=on").stackMinNanos()).isZero();
        assertThat(AgentOptions.parse("stacks=250us").stackMinNanos()).isEqualTo(250_000L);
        assertThat(AgentOptions.parse("startup=wait").startup()).isEqualTo(AgentOptions.Startup.WAIT);
        assertThat(AgentOptions.parse("startup=background").startup()).isEqualTo(AgentOptions.Startup.BACKGROUND);
        assertThat(AgentOptions.parse("startup=now").startup()).isEqualTo(AgentOptions.Startup.NOW);
        assertThat(AgentOptions.parse("probes=-file+-process").probes())
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Probe.FILE, Probe.PROCESS)));
    }

    @Test
    void rejectsWithOneLineNamingTheOption() {
        assertThatThrownBy(() -> AgentOptions.parse("threshold=1 ms")).hasMessage(
                "blockscope: bad option 'threshold=1 ms': expected a duration such as 0, 500ns, 10us, 1ms, 2s, 5m; agent disabled");
        assertThatThrownBy(() -> AgentOptions.parse("probes=park+nope")).hasMessageStartingWith(
                "blockscope: bad option 'probes=park+nope': unknown probe 'nope'");
        assertThatThrownBy(() -> AgentOptions.parse("probes=park+-sleep")).hasMessageContaining("mix of added and removed");
        assertThatThrownBy(() -> AgentOptions.parse("maxsize=big")).hasMessageContaining("'maxsize=big'");
        assertThatThrownBy(() -> AgentOptions.parse("jdkevents=maybe")).hasMessageContaining("expected on or off");
        assertThatThrownBy(() -> AgentOptions.parse("startup=later")).hasMessage(
                "blockscope: bad option 'startup=later': expected now, wait or background; agent disabled");
        assertThatThrownBy(() -> AgentOptions.parse("file")).hasMessageContaining("'file': expected key=value");
        assertThatThrownBy(() -> AgentOptions.parse("duration=99999999999999h")).hasMessageContaining("too large");
    }

    @Test
    void profileAndIntervalSelectWhatAsyncProfilerSamples() throws Exception {
        assertThat(AgentOptions.parse("").profile()).isEmpty();
        AgentOptions o = AgentOptions.parse("profile=cpu+wall+alloc,interval=1ms");
        assertThat(o.profile()).containsExactlyInAnyOrder(ProfileMode.CPU, ProfileMode.WALL, ProfileMode.ALLOC);
        assertThat(o.profileIntervalNanos()).isEqualTo(1_000_000L);
        assertThat(AgentOptions.parse("profile=off").profile()).isEmpty();
        assertThatThrownBy(() -> AgentOptions.parse("profile=gpu")).hasMessageStartingWith(
                "blockscope: bad option 'profile=gpu': unknown profile 'gpu'");
        assertThatThrownBy(() -> AgentOptions.parse("profile=cpu+itimer")).hasMessageContaining("choose one");
        assertThatThrownBy(() -> AgentOptions.parse("interval=1ms")).hasMessageContaining("needs profile=");
        assertThatThrownBy(() -> AgentOptions.parse("profile=cpu,interval=0")).hasMessageContaining("sampling interval");
    }

    @Test
    void asyncProfilersStartCommandForEachMode() {
        java.nio.file.Path f = java.nio.file.Path.of("/tmp/x.jfr.profiler.jfr");
        assertThat(ProfilerRun.command(EnumSet.of(ProfileMode.CPU), 0, f, false)).isEqualTo("start,event=cpu,interval=10000000,jfr,file=" + f);
        assertThat(ProfilerRun.command(EnumSet.of(ProfileMode.CPU), 0, f, true)).isEqualTo("start,event=itimer,interval=10000000,jfr,file=" + f);
        assertThat(ProfilerRun.command(EnumSet.of(ProfileMode.CPU, ProfileMode.WALL, ProfileMode.LOCK), 2_000_000, f, false))
                .isEqualTo("start,event=cpu,interval=2000000,wall=2000000,lock,jfr,file=" + f);
        assertThat(ProfilerRun.command(EnumSet.of(ProfileMode.WALL), 0, f, false)).isEqualTo("start,event=wall,jfr,file=" + f);
        assertThat(ProfilerRun.command(EnumSet.of(ProfileMode.ALLOC), 0, f, false)).isEqualTo("start,alloc,jfr,file=" + f);
    }

    @Test
    void flightTakesAWindowAndTriggers() throws Exception {
        AgentOptions o = AgentOptions.parse("flight=30s,dumpon=pinned>20ms+wait>500ms+wait:park.lock>100ms+latency>10ms");
        assertThat(o.flight().windowNanos()).isEqualTo(30_000_000_000L);
        assertThat(o.flight().windowBytes()).isZero();
        assertThat(o.flight().rules()).extracting(r -> r.kind() + "|" + r.reason() + "|" + r.nanos()).containsExactly(
                "pinned|null|20000000", "wait|null|500000000", "wait|park.lock|100000000", "latency|null|10000000");
        assertThat(o.flight().gapNanos()).isEqualTo(30_000_000_000L);
        AgentOptions bySize = AgentOptions.parse("flight=64m");
        assertThat(bySize.flight().windowBytes()).isEqualTo(64L << 20);
        assertThat(bySize.flight().rules()).isEmpty();
        assertThat(AgentOptions.parse("file=x.jfr").flight()).isNull();
    }

    @Test
    void rejectsAMalformedFlightOptionInOneLine() {
        assertThatThrownBy(() -> AgentOptions.parse("dumpon=pinned>20ms")).hasMessage(
                "blockscope: bad option 'dumpon=pinned>20ms': only with flight= (the window a dump holds), e.g. flight=30s; agent disabled");
        assertThatThrownBy(() -> AgentOptions.parse("flight=30s,dumpon=slow>1s")).hasMessageStartingWith(
                "blockscope: bad option 'flight=30s,dumpon=slow>1s': dumpon rule 'slow>1s': unknown kind 'slow'");
        assertThatThrownBy(() -> AgentOptions.parse("flight=30s,dumpon=pinned")).hasMessageContaining("is not KIND>DURATION");
        assertThatThrownBy(() -> AgentOptions.parse("flight=soon")).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> AgentOptions.parse("flight=0")).hasMessageContaining("longer than 0");
    }
}
