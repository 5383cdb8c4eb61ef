package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.read.Recordings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The CLI end to end on real recordings: exit codes, output, JSON, errors without stack traces. */
class CliTest {
    @TempDir static Path dir;
    static Path recording;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void record() throws Exception {
        recording = Recordings.blockscope(dir.resolve("app.jfr"));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BlockscopeCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String file() {
        return recording.toString();
    }

    /** --version says the version the build wrote, the pom's (it said "0.1.0" from a string). */
    @Test
    void versionIsTheBuildsVersion() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(dev.blockscope.analyzer.Version.number()).isEqualTo(System.getProperty("blockscope.project.version",
                dev.blockscope.analyzer.Version.number())).isNotEqualTo("unknown");
        assertThat(r.out().strip()).isEqualTo("blockscope " + dev.blockscope.analyzer.Version.number());
    }

    @Test
    void summaryIsATerminalReport() {
        Run r = run("summary", file());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("blockscope recording").contains("tasks: 7 (6 virtual, 1 platform)")
                .contains("pinning: 1 site(s), 6 pinned waits").contains("scheduler latency: 12 wakeups")
                .contains("fix: ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void summaryJsonIsTheVersionedAnalysis() throws Exception {
        Run r = run("summary", file(), "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(j.get("tasks")).hasSize(7);
        assertThat(j.at("/timeline/states").toString()).isEqualTo("[\"RUNNING\",\"RUNNABLE\",\"SUSPENDED\",\"BLOCKED_PINNED\",\"BLOCKED\",\"UNKNOWN\"]");
        int n = j.at("/timeline/task").size();
        for (String column : new String[] {"start", "end", "state", "reason", "carrier", "stack", "waker"}) {
            assertThat(j.at("/timeline/" + column)).hasSize(n);
        }
        assertThat(j.at("/schedLatency/count").asLong()).isEqualTo(12);
        assertThat(j.at("/pinning/0/count").asLong()).isEqualTo(6);
    }

    /**
     * {@code --max-tasks N}: past N ended virtual threads the others are summed into groups, and
     * every total, and check's gates, are what they are with a row for every task; {@code --task}
     * still finds a summed task; a negative bound is a usage error.
     */
    @Test
    void maxTasksSumsTheRestIntoGroupsWithTheSameTotals() throws Exception {
        JsonNode rows = run("tasks", file(), "--json", "--max-tasks", "2").json();
        List<JsonNode> groups = new java.util.ArrayList<>();
        rows.forEach(r -> {
            if (r.path("group").asBoolean()) {
                groups.add(r);
            }
        });
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.get("name").asText()).isEqualTo("worker-#");
            assertThat(g.get("tasks").asLong()).isEqualTo(Recordings.TASKS - 2);
        });
        JsonNode all = run("export", file(), "--format", "json", "--max-tasks", "0").json();
        JsonNode bounded = run("export", file(), "--format", "json", "--max-tasks", "2").json();
        assertThat(all.get("taskGroups")).isEmpty();
        assertThat(bounded.get("tasks")).hasSize(all.get("tasks").size() - (Recordings.TASKS - 2));
        for (String state : List.of("RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN")) {
            assertThat(total(bounded, state)).as(state).isEqualTo(total(all, state));
        }
        String[] gates = {"--max-blocked", "park:1ms", "--max-unknown", "0ns", "--json"};
        assertThat(run(concat(new String[] {"check", file(), "--max-tasks", "2"}, gates)).json())
                .isEqualTo(run(concat(new String[] {"check", file(), "--max-tasks", "0"}, gates)).json());
        java.util.Set<Long> kept = new java.util.HashSet<>();
        bounded.get("tasks").forEach(t -> kept.add(t.get("id").asLong()));
        long summed = java.util.stream.StreamSupport.stream(all.get("tasks").spliterator(), false)
                .mapToLong(t -> t.get("id").asLong()).filter(id -> !kept.contains(id)).findFirst().orElseThrow();
        Run one = run("tasks", file(), "--task", String.valueOf(summed), "--max-tasks", "2", "--json");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.json().at("/task/id").asLong()).isEqualTo(summed);
        Run negative = run("summary", file(), "--max-tasks", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--max-tasks must be 0 (all) or more");
    }

    private static long total(JsonNode analysis, String state) {
        long sum = 0;
        for (JsonNode t : analysis.get("tasks")) {
            sum += t.at("/states/" + state).asLong();
        }
        for (JsonNode g : analysis.get("taskGroups")) {
            sum += g.at("/states/" + state).asLong();
        }
        return sum;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void everyReportCommandsJsonParses() throws Exception {
        assertThat(run("tasks", file(), "--json").json().size()).isEqualTo(7);
        long id = run("tasks", file(), "--json").json().get(0).get("id").asLong();
        JsonNode one = run("tasks", file(), "--task", String.valueOf(id), "--json").json();
        assertThat(one.at("/task/id").asLong()).isEqualTo(id);
        assertThat(one.get("intervals").size()).isPositive();
        assertThat(one.get("regions").isArray()).isTrue(); // this recording has none: the arrays are there, empty
        assertThat(one.get("logs").isArray()).isTrue();
        assertThat(one.at("/task/samples").isObject()).isTrue();
        assertThat(run("pinning", file(), "--json").json().get("pinning")).hasSize(1);
        assertThat(run("export", file(), "--format", "json").json().get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(run("check", file(), "--max-pinned=100", "--json").json().get("passed").asBoolean()).isTrue();
        assertThat(run("export", file(), "--format", "chrome").json().get("traceEvents").size()).isPositive();
    }

    @Test
    void tasksTableAndOneTasksTimeline() throws Exception {
        Run table = run("tasks", file(), "--sort", "pinned");
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).contains("ID", "RUNNABLE", "PINNED", "UNKNOWN");
        assertThat(table.out()).contains("worker-").contains("[fetch-");
        long id = run("tasks", file(), "--json").json().get(0).get("id").asLong();
        Run one = run("tasks", file(), "--task", String.valueOf(id));
        assertThat(one.exit()).isZero();
        assertThat(one.out()).contains("timeline (start, duration, state):").contains("RUNNING");
    }

    @Test
    void tasksTableListsTheUsersTasksBeforeCarriersAndServiceThreads() {
        // the demo's carriers idle and the JDK's threads wait far longer than any task of the demo
        String demo = java.nio.file.Path.of("../analyzer/src/test/resources/golden/demo-carrier-idle.jfr").toString();
        Run table = run("tasks", demo, "--limit", "0");
        assertThat(table.exit()).isZero();
        java.util.List<String> kinds = table.out().lines().skip(1)
                .map(l -> l.substring(38, 40).trim()).toList();
        assertThat(kinds).contains("v", "c", "s");
        int lastTask = Math.max(kinds.lastIndexOf("v"), kinds.lastIndexOf("p"));
        assertThat(lastTask).isLessThan(kinds.indexOf("c"));
        assertThat(kinds.lastIndexOf("c")).isLessThan(kinds.indexOf("s"));
    }

    @Test
    void checkFailsWithExitOneOnABreachAndPassesWithinLimits() {
        Run breach = run("check", file(), "--max-pinned=0");
        assertThat(breach.exit()).isEqualTo(1);
        assertThat(breach.out()).contains("FAIL pinned waits").contains("check FAILED");
        assertThat(run("check", file(), "--max-pinned=6").exit()).isZero();
        assertThat(run("check", file(), "--max-pinned=1ns").exit()).isEqualTo(1);
        assertThat(run("check", file(), "--max-blocked=park:1ns").exit()).isEqualTo(1);
        assertThat(run("check", file(), "--max-blocked=park:1m", "--max-sched-latency-p99=1m", "--max-unknown=0").exit()).isZero();
        assertThat(run("check", file(), "--max-sched-latency-p99=1ns").exit()).isEqualTo(1);
    }

    /**
     * One task's reasons are under a heading of their own: they were printed indented under the
     * last state line, so on a plain recording "sleep" seemed to belong to UNKNOWN. An unnamed
     * thread is "(unnamed)" in every report (the limits printed an empty name, the page "?").
     */
    @Test
    void oneTasksReasonsHaveTheirOwnHeadingAndUnnamedThreadsOneSpelling(@TempDir Path tmp) throws Exception {
        Path jdk = Recordings.jdk(tmp.resolve("plain.jfr"), false);
        JsonNode tasks = run("tasks", jdk.toString(), "--json").json();
        long sleeper = -1;
        for (JsonNode t : tasks) {
            if (t.at("/reasons/sleep").asLong(0) > 0 && t.at("/states/UNKNOWN").asLong(0) > 0) sleeper = t.get("id").asLong();
        }
        assertThat(sleeper).as("premise: a task that slept and has unknown time").isPositive();
        java.util.List<String> lines = run("tasks", jdk.toString(), "--task", String.valueOf(sleeper)).out().lines().toList();
        int unknown = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("UNKNOWN")).findFirst().orElseThrow());
        int sleep = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("sleep")).findFirst().orElseThrow());
        assertThat(lines.subList(unknown + 1, sleep)).anyMatch(l -> l.startsWith("waiting by reason"));
        String summary = run("summary", jdk.toString()).out();
        assertThat(summary).doesNotContainPattern("#\\d+  \\d").doesNotContain("()");
    }

    /** summary and tasks take the filters export takes; a window that ends before it starts is a usage error in all three. */
    @Test
    void summaryAndTasksTakeExportsFiltersAndAReversedWindowIsAnError() throws Exception {
        String demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr").toString();
        for (String command : new String[] {"summary", "tasks", "export"}) {
            Run reversed = command.equals("export") ? run(command, demo, "--format", "json", "--from", "2s", "--to", "1s")
                    : run(command, demo, "--from", "2s", "--to", "1s");
            assertThat(reversed.exit()).as(command).isEqualTo(2);
            assertThat(reversed.err()).as(command).contains("--from 2s is after --to 1s");
        }
        Run summary = run("summary", demo, "--from", "1s", "--to", "2s", "--top", "2");
        assertThat(summary.exit()).isZero();
        assertThat(summary.out()).contains("filtered to from +1000.000 ms to +2000.000 ms");
        assertThat(summary.out().lines().filter(l -> l.matches("  \\S+ +[0-9.]+ .?s in .*")).count()).isLessThanOrEqualTo(2);
        JsonNode tasks = run("tasks", demo, "--task-filter", "square", "--json").json();
        assertThat(tasks.size()).isPositive();
        for (JsonNode t : tasks) {
            assertThat(t.get("name").asText() + t.get("runtimeName").asText()).contains("square");
        }
        assertThat(run("summary", demo, "--by", "reason").out()).contains("worst waits (by total time, per reason):");
        assertThat(run("summary", demo, "--group-by", "frame").out()).contains("worst waits (by total time, per first application frame):");
        assertThat(run("summary", demo, "--group-by", "stack").exit()).isEqualTo(2);
        assertThat(run("summary", demo, "--top", "0").exit()).isEqualTo(2);
    }

    /**
     * Go's profiles from the CLI: the family profiles (sync, net, file) of the blocking profile,
     * by the analysis's reason table, and sched, the time woken but waiting for a carrier by the
     * wait it was woken from. On the golden demo each collapsed profile adds up to its share.
     */
    @Test
    void familyProfilesAndTheSchedulerLatencyProfile() throws Exception {
        String demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr").toString();
        JsonNode a = run("summary", demo, "--json").json();
        long sync = 0;
        long file = 0;
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) a.at("/blocking/byReason")::fields) {
            String family = a.at("/reasonFamilies/reasons").get(e.getKey()).asText();
            if (family.equals("lock") || family.equals("handoff")) sync += e.getValue().asLong();
            if (family.equals("file") || family.equals("process")) file += e.getValue().asLong();
        }
        assertThat(collapsedTotal(run("export", demo, "--format", "collapsed", "--profile", "sync").out())).isEqualTo(sync).isPositive();
        assertThat(collapsedTotal(run("export", demo, "--format", "collapsed", "--profile", "file").out())).isEqualTo(file);
        Run sched = run("export", demo, "--format", "collapsed", "--profile", "sched");
        long runnable = 0;
        for (JsonNode t : a.get("tasks")) runnable += t.at("/states/RUNNABLE").asLong();
        assertThat(collapsedTotal(sched.out())).isEqualTo(runnable).isPositive();
        assertThat(sched.out()).contains("chan.send;");
        assertThat(run("export", demo, "--format", "collapsed", "--profile", "disk").exit()).isEqualTo(2);
        assertThat(run("summary", demo).out()).contains("  profiles: sync ", ", sched ");
    }

    static long collapsedTotal(String collapsed) {
        return collapsed.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** An output that cannot be written says why, not only its path (which was all it printed). */
    @Test
    void anOutputThatCannotBeWrittenSaysWhy() throws Exception {
        Run report = run("report", file(), "-o", "/proc/nope/x.html");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err().trim()).isEqualTo("blockscope report: cannot write /proc/nope/x.html: no such directory (/proc/nope)");
        Run export = run("export", file(), "--format", "chrome", "-o", "/proc/nope/x.json");
        assertThat(export.err().trim()).isEqualTo("blockscope export: cannot write /proc/nope/x.json: no such directory (/proc/nope)");
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as a user who can write anywhere");
        Run denied = run("report", file(), "-o", readOnly.resolve("x.html").toString());
        assertThat(denied.err().trim()).isEqualTo("blockscope report: cannot write " + readOnly.resolve("x.html") + ": permission denied");
    }

    /**
     * A file that opens but cannot take the bytes (a full disk: Linux's /dev/full) names the file
     * and the reason too; it printed "blockscope report: No space left on device", without the file.
     */
    @Test
    void anOutputThatFillsTheDiskSaysWhichFileAndWhy() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs Linux's /dev/full");
        String demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr").toString();
        String full = "cannot write /dev/full: disk full (No space left on device)";
        Run report = run("report", demo, "-o", "/dev/full");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err().trim()).isEqualTo("blockscope report: " + full);
        for (String format : new String[] {"json", "chrome", "collapsed", "pprof"}) {
            Run export = run("export", demo, "--format", format, "-o", "/dev/full");
            assertThat(export.exit()).as(format).isEqualTo(1);
            assertThat(export.err().trim()).as(format).isEqualTo("blockscope export: " + full);
        }
    }

    /**
     * A gate that the recording cannot evaluate fails: a plain JDK recording has no scheduler
     * latency, and its pinned and blocked waits are only those over the JDK's threshold (a lower
     * bound). Before, --max-sched-latency-p99 passed there. --skip-unmeasured makes such gates
     * say "skipped" and pass.
     */
    @Test
    void aGateTheRecordingCannotEvaluateFailsUnlessAskedToSkipIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path jdk = Recordings.jdk(tmp.resolve("plain.jfr"), false);
        Run latency = run("check", jdk.toString(), "--max-sched-latency-p99=1s");
        assertThat(latency.exit()).isEqualTo(1);
        assertThat(latency.out()).contains("NOT MEASURED scheduler latency p99").contains("check FAILED");
        Run pinned = run("check", jdk.toString(), "--max-pinned=100");
        assertThat(pinned.exit()).isEqualTo(1);
        assertThat(pinned.out()).contains("NOT MEASURED pinned waits");
        Run skipped = run("check", jdk.toString(), "--max-sched-latency-p99=1s", "--max-pinned=100", "--skip-unmeasured");
        assertThat(skipped.exit()).isZero();
        assertThat(skipped.out()).contains("skipped scheduler latency p99").contains("check passed");
        JsonNode json = run("check", jdk.toString(), "--max-sched-latency-p99=1s", "--json").json();
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.at("/checks/0/measured").asBoolean()).isFalse();
        // a lower bound already over its limit is a failure, measured or not
        assertThat(run("check", jdk.toString(), "--max-blocked=sleep:1ns", "--skip-unmeasured").exit()).isEqualTo(1);
    }

    /**
     * --max-blocked and --max-unknown count the same tasks: the application's, without JVM service
     * threads or carriers. Before, --max-blocked counted the service threads' waits (the JDK's own
     * housekeeping parks) and --max-unknown did not.
     */
    @Test
    void maxBlockedLeavesOutJvmServiceThreadsAsMaxUnknownDoes() throws Exception {
        Path demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr");
        JsonNode a = run("summary", demo.toString(), "--json").json();
        long app = 0;
        long service = 0;
        for (JsonNode t : a.get("tasks")) {
            long v = t.at("/reasons/park.other").asLong(0);
            if (t.get("service").asBoolean()) service += v; else if (!t.get("carrier").asBoolean()) app += v;
        }
        assertThat(service).as("premise: JVM service threads park").isPositive();
        Run r = run("check", demo.toString(), "--max-blocked=park.other:10m", "--json");
        JsonNode check = r.json().at("/checks/0");
        assertThat(check.get("actual").asText()).isEqualTo(dev.blockscope.analyzer.report.Durations.format(app));
        // a family id is a REASON too: the reason table's families (docs/cli.md)
        JsonNode lock = run("check", demo.toString(), "--max-blocked=handoff:10m", "--json").json().at("/checks/0");
        assertThat(lock.get("check").asText()).isEqualTo("blocked handoff");
        assertThat(lock.get("actual").asText()).isNotEqualTo(dev.blockscope.analyzer.report.Durations.format(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"summary", "bogus-command", "check FILE", "check FILE --max-sched-latency-p99=fast",
            "check FILE --max-blocked=nolimit", "tasks FILE --sort sideways", "export FILE", "export FILE --format svg",
            "summary FILE --no-such-option", "attach notapid"})
    void usageErrorsExitTwo(String line) {
        String[] args = Arrays.stream(line.split(" ")).map(a -> a.equals("FILE") ? file() : a).toArray(String[]::new);
        Run r = run(args);
        assertThat(r.exit()).as(line).isEqualTo(2);
        assertThat(r.err()).isNotEmpty().doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"summary", "tasks", "pinning", "export", "check", "record", "attach", "report", "serve", "demo"})
    void everyCommandHasHelp(String command) {
        Run r = run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: blockscope " + command);
    }

    @Test
    void badDataExitsOneWithOneLineNamingTheFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("notes.jfr"), "hello");
        Run r = run("summary", garbage.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("blockscope: " + garbage + ": not a JFR recording (no \"FLR\" magic at byte 0)" + System.lineSeparator());
        Run missing = run("tasks", dir.resolve("nope.jfr").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.jfr: no such file").doesNotContain("Exception");
    }

    @Test
    void aDamagedFileIsReportedAndExitsOne() throws Exception {
        Path joined = Recordings.concat(dir.resolve("joined.jfr"), recording, recording);
        byte[] bytes = Files.readAllBytes(joined);
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(bytes, bytes.length - 1000));
        Run r = run("summary", cut.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("skipped (damaged input):");
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("blockscope: " + cut + ": damaged recording, analyzed what could be read; skipped: chunk 1"));
    }

    @Test
    void collapsedStacksAddUpToTheBlockingProfile() throws Exception {
        Run r = run("export", file(), "--format", "collapsed");
        assertThat(r.exit()).isZero();
        long sum = r.out().lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        long total = 0;
        for (JsonNode v : run("summary", file(), "--json").json().at("/blocking/byReason")) {
            total += v.asLong();
        }
        assertThat(sum).isEqualTo(total).isPositive();
        assertThat(r.out().lines()).allMatch(l -> l.matches("[a-z.]+(;[^ ]+)* \\d+"));
        Run filtered = run("export", file(), "--format", "collapsed", "--task-filter", "no-such-task");
        assertThat(filtered.out()).isEmpty();
    }

    @Test
    void perfettoExportHasCarrierTracksAndWakerArrows() throws Exception {
        Path out = dir.resolve("trace.json");
        Run r = run("export", file(), "--format", "perfetto", "-o", out.toString());
        assertThat(r.exit()).isZero();
        JsonNode events = JSON.readTree(out.toFile()).get("traceEvents");
        boolean carrierTrack = false;
        int flows = 0;
        for (JsonNode e : events) {
            carrierTrack |= e.get("ph").asText().equals("X") && e.get("pid").asInt() == 2;
            flows += e.get("ph").asText().equals("s") ? 1 : 0;
        }
        assertThat(carrierTrack).isTrue();
        assertThat(flows).isEqualTo(18); // every wait of the 6 tasks was woken by an Unpark
    }

    @Test
    void reportWritesTheHtmlPage() throws Exception {
        Path html = dir.resolve("report.html");
        Run r = run("report", file(), "-o", html.toString());
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(html)).contains("blockscope.analysis/1").startsWith("<!");
    }

    @Test
    void recordAndDemoSayWhatIsMissing() {
        String home = System.getProperty("blockscope.home");
        System.setProperty("blockscope.home", dir.toString());
        try {
            Run rec = run("record", "--", "-version");
            assertThat(rec.exit()).isEqualTo(1);
            assertThat(rec.err()).contains("agent jar not found at " + dir.resolve("agent/target/blockscope-agent.jar"));
            Run demo = run("demo", "--dir", dir.toString());
            assertThat(demo.exit()).isEqualTo(1);
            assertThat(demo.err()).contains("the demo program is not built");
        } finally {
            if (home == null) {
                System.clearProperty("blockscope.home");
            } else {
                System.setProperty("blockscope.home", home);
            }
        }
    }
}
