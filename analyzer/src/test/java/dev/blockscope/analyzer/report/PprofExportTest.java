package dev.blockscope.analyzer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.blockscope.analyzer.summary.CpuProfileTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pprof export decoded by protobuf-java against pprof's profile.proto (compiled by protoc,
 * which the build copies to target/protoc): what a pprof reader sees must be the analysis.
 */
class PprofExportTest {
    static final Path PROTOC = Path.of("target", "protoc", "protoc");
    static Descriptors.Descriptor profileType;

    @BeforeAll
    static void schema(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(PROTOC), "no protoc at " + PROTOC + " (copied by the build on linux-x86_64)");
        PROTOC.toFile().setExecutable(true);
        Path proto = Path.of("src", "test", "resources", "pprof");
        Path set = dir.resolve("profile.desc");
        Process p = new ProcessBuilder(PROTOC.toAbsolutePath().toString(), "--proto_path=" + proto.toAbsolutePath(),
                "--descriptor_set_out=" + set, "profile.proto").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        DescriptorProtos.FileDescriptorSet fds = DescriptorProtos.FileDescriptorSet.parseFrom(Files.readAllBytes(set));
        Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(fds.getFile(0), new Descriptors.FileDescriptor[0]);
        profileType = file.findMessageTypeByName("Profile");
    }

    /** A decoded profile: its strings, and per sample its values, labels and frames (leaf first). */
    record Decoded(List<String> strings, List<String> types, List<DecodedSample> samples, DynamicMessage raw) {}

    record DecodedSample(List<Long> values, Map<String, String> labels, Map<String, Long> numbers, List<String> frames) {}

    static Decoded decode(byte[] gzipped) throws Exception {
        byte[] bytes = new GZIPInputStream(new ByteArrayInputStream(gzipped)).readAllBytes();
        DynamicMessage m = DynamicMessage.parseFrom(profileType, bytes);
        assertThat(m.getUnknownFields().asMap()).as("fields the schema does not know").isEmpty();
        Descriptors.Descriptor d = profileType;
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) m.getField(d.findFieldByName("string_table"));
        assertThat(strings.getFirst()).isEmpty();
        List<String> types = ((List<?>) m.getField(d.findFieldByName("sample_type"))).stream().map(v -> {
            DynamicMessage vt = (DynamicMessage) v;
            return strings.get((int) (long) field(vt, "type")) + "/" + strings.get((int) (long) field(vt, "unit"));
        }).toList();
        Map<Long, String> functions = new HashMap<>();
        for (Object f : (List<?>) m.getField(d.findFieldByName("function"))) {
            DynamicMessage fn = (DynamicMessage) f;
            functions.put(field(fn, "id"), strings.get((int) (long) field(fn, "name")));
        }
        Map<Long, String> locations = new HashMap<>();
        for (Object l : (List<?>) m.getField(d.findFieldByName("location"))) {
            DynamicMessage loc = (DynamicMessage) l;
            List<?> lines = (List<?>) loc.getField(loc.getDescriptorForType().findFieldByName("line"));
            DynamicMessage line = (DynamicMessage) lines.getFirst();
            long n = field(line, "line");
            locations.put(field(loc, "id"), functions.get(field(line, "function_id")) + (n > 0 ? ":" + n : ""));
        }
        List<DecodedSample> samples = ((List<?>) m.getField(d.findFieldByName("sample"))).stream().map(o -> {
            DynamicMessage s = (DynamicMessage) o;
            Descriptors.Descriptor sd = s.getDescriptorForType();
            @SuppressWarnings("unchecked")
            List<Long> values = (List<Long>) s.getField(sd.findFieldByName("value"));
            @SuppressWarnings("unchecked")
            List<Long> ids = (List<Long>) s.getField(sd.findFieldByName("location_id"));
            Map<String, String> labels = new HashMap<>();
            Map<String, Long> numbers = new HashMap<>();
            for (Object lo : (List<?>) s.getField(sd.findFieldByName("label"))) {
                DynamicMessage label = (DynamicMessage) lo;
                String key = strings.get((int) (long) field(label, "key"));
                if (field(label, "str") != 0) {
                    labels.put(key, strings.get((int) (long) field(label, "str")));
                } else {
                    numbers.put(key, field(label, "num"));
                }
            }
            return new DecodedSample(values, labels, numbers, ids.stream().map(locations::get).toList());
        }).toList();
        return new Decoded(strings, types, samples, m);
    }

    static long field(DynamicMessage m, String name) {
        Object v = m.getField(m.getDescriptorForType().findFieldByName(name));
        return v instanceof Long l ? l : ((Number) v).longValue();
    }

    static byte[] export(Analysis a) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PprofExport.write(a, out);
        return out.toByteArray();
    }

    @Test
    void theBlockingSchedulerAndCpuProfilesDecodeAsTheAnalysisHasThem() throws Exception {
        Analysis a = CpuProfileTest.analyze(CpuProfileTest.trace(true));
        Decoded p = decode(export(a));
        assertThat(p.types()).containsExactly("contentions/count", "delay/nanoseconds", "sched_wakeups/count",
                "sched_delay/nanoseconds", "samples/count", "cpu/nanoseconds");
        assertThat(p.strings().get((int) field(p.raw(), "default_sample_type"))).isEqualTo("delay");
        assertThat(field(p.raw(), "period")).isEqualTo(1000);
        assertThat(field(p.raw(), "time_nanos")).isEqualTo(a.window().startEpochNanos());

        // the blocking profile: one sample per stack and reason, values as the analysis counts them
        List<DecodedSample> block = p.samples().stream().filter(s -> "block".equals(s.labels().get("profile"))).toList();
        assertThat(block).hasSameSizeAs(a.blocking().byStack());
        for (Analysis.StackRow r : a.blocking().byStack()) {
            DecodedSample s = block.stream().filter(x -> x.labels().get("reason").equals(r.reason())
                    && x.frames().subList(0, x.frames().size() - 1).equals(r.stack() < 0 ? List.of() : a.stacks().get(r.stack())))
                    .findFirst().orElseThrow();
            assertThat(s.values()).containsExactly(r.count(), r.total(), 0L, 0L, 0L, 0L);
            assertThat(s.frames().getLast()).isEqualTo("[" + r.reason() + "]");
        }
        assertThat(block).anyMatch(s -> s.frames().equals(List.of("java.lang.Thread.sleep:1", "app.A.run:6", "[sleep]")));

        long sched = p.samples().stream().filter(s -> "sched".equals(s.labels().get("profile"))).mapToLong(s -> s.values().get(3)).sum();
        assertThat(sched).isEqualTo(a.schedLatency().byStack().stream().mapToLong(Analysis.StackRow::total).sum());

        // CPU per task: labelled with the task, samples and nanoseconds as the CPU profile has them
        List<DecodedSample> cpu = p.samples().stream().filter(s -> "cpu".equals(s.labels().get("profile"))).toList();
        Map<Long, Long> byTask = new HashMap<>();
        cpu.forEach(s -> byTask.merge(s.numbers().get("task_id"), s.values().get(4), Long::sum));
        assertThat(byTask).containsExactlyInAnyOrderEntriesOf(Map.of(10L, 2L, 11L, 2L, 1L, 1L, 20L, 1L));
        assertThat(cpu).allMatch(s -> s.values().get(5) == s.values().get(4) * 1000);
        assertThat(cpu).anyMatch(s -> s.labels().get("task").equals("vt-10 #10")
                && s.frames().equals(List.of("app.A.work:10", "app.A.run:5", "[cpu]")));
    }

    /** A task summed into a group has no row and so no name: its CPU samples say so rather than "(unnamed)". */
    @Test
    void aSummedTasksCpuSamplesSayItHasNoRow() throws Exception {
        Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyzeEvents("synthetic", CpuProfileTest.trace(true).events(),
                CpuProfileTest.STACKS, CpuProfileTest.T0, CpuProfileTest.T0 + 6000,
                dev.blockscope.analyzer.AnalysisOptions.DEFAULT.withMaxTasks(1));
        assertThat(a.taskGroups()).singleElement().satisfies(g -> assertThat(g.name()).isEqualTo("vt-#"));
        long summed = a.tasks().stream().anyMatch(t -> t.id() == 10) ? 11 : 10;
        Decoded p = decode(export(a));
        assertThat(p.samples()).filteredOn(s -> "cpu".equals(s.labels().get("profile")) && s.numbers().get("task_id") == summed)
                .isNotEmpty().allMatch(s -> s.labels().get("task").equals("#" + summed + " (no row: summed into a task group)"));
    }

    @Test
    void withoutCpuSamplesTheProfileIsTheBlockingOneWithItsPeriod() throws Exception {
        Analysis a = CpuProfileTest.analyze(new dev.blockscope.analyzer.model.Trace()
                .start(CpuProfileTest.A, CpuProfileTest.T0, CpuProfileTest.C)
                .suspend(CpuProfileTest.A, CpuProfileTest.T0 + 100, CpuProfileTest.T0 + 400, "sleep", CpuProfileTest.C,
                        CpuProfileTest.C, 4)
                .end(CpuProfileTest.A, CpuProfileTest.T0 + 500));
        Decoded p = decode(export(a));
        assertThat(p.samples()).noneMatch(s -> "cpu".equals(s.labels().get("profile")));
        assertThat(p.samples().stream().mapToLong(s -> s.values().get(1)).sum()).isEqualTo(300);
        assertThat(field(p.raw(), "period")).isEqualTo(1);
    }
}
