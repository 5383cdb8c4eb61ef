package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format collapsed --profile sync|net|file|sched} on a recording whose waits are
 * known: {@link FamilyWaitsTarget} runs under the agent and measures one wait of each profile
 * around its call. Each profile holds its wait, under the reason the agent recorded and the stack
 * of the method that waited, for the time the target measured (within 5 ms: the target's clock
 * brackets the agent's); the family profiles are exactly the lines of the whole blocking profile
 * whose reason belongs to them, and no wait is in two of them.
 */
class FamilyProfilesIT {
    static final long TOLERANCE = 5_000_000L;
    @TempDir static Path dir;
    static Path jfr;
    static Map<String, Long> truth = new HashMap<>();

    @BeforeAll
    static void record() throws Exception {
        jfr = dir.resolve("family.jfr");
        RecordProfileCpuIT.Run run = RecordProfileCpuIT.java(List.of("-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr
                + ",startup=wait", "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), FamilyWaitsTarget.class.getName()));
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher m = Pattern.compile("GROUND-TRUTH lock=(\\d+) net=(\\d+) process=(\\d+) sched=(\\d+)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        truth.put("lockWait", Long.parseLong(m.group(1)));
        truth.put("netWait", Long.parseLong(m.group(2)));
        truth.put("processWait", Long.parseLong(m.group(3)));
        truth.put("schedWait", Long.parseLong(m.group(4)));
    }

    /** A collapsed line: the reason (its root frame), the frames from the root down, the nanoseconds. */
    record Line(String text, String reason, List<String> frames, long nanos) {
        static Line parse(String text) {
            int space = text.lastIndexOf(' ');
            List<String> frames = new ArrayList<>(List.of(text.substring(0, space).split(";")));
            String reason = frames.removeFirst();
            return new Line(text, reason, frames, Long.parseLong(text.substring(space + 1)));
        }

        /** The frame nearest the blocking call that is the target's. */
        String waiter() {
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (frames.get(i).startsWith(FamilyWaitsTarget.class.getName() + ".")) {
                    return frames.get(i).substring(FamilyWaitsTarget.class.getName().length() + 1).replaceFirst(":\\d+$", "");
                }
            }
            return null;
        }
    }

    static List<Line> profile(String... profile) {
        List<String> args = new ArrayList<>(List.of("export", jfr.toString(), "--format", "collapsed"));
        if (profile.length > 0) {
            args.add("--profile");
            args.add(profile[0]);
        }
        CliTest.Run run = CliTest.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().lines().filter(l -> !l.isBlank()).map(Line::parse).toList();
    }

    /** The one line of this profile with this reason whose innermost frame of the target's is {@code method}. */
    static Line waitOf(List<Line> lines, String method, String reason) {
        List<Line> of = lines.stream().filter(l -> method.equals(l.waiter()) && l.reason().equals(reason)).toList();
        assertThat(of).as(method + " " + reason + " in " + lines).hasSize(1);
        return of.getFirst();
    }

    static void holds(List<Line> lines, String method, String reason) {
        Line line = waitOf(lines, method, reason);
        assertThat(line.nanos()).as(line.text()).isBetween(truth.get(method) - TOLERANCE, truth.get(method) + TOLERANCE);
        assertThat(line.frames().getLast()).as("the blocking call is the innermost frame: " + line.text())
                .doesNotStartWith(FamilyWaitsTarget.class.getName());
    }

    @Test
    void eachProfileHoldsItsKnownWait() {
        List<Line> sync = profile("sync"), net = profile("net"), file = profile("file"), sched = profile("sched");
        holds(sync, "lockWait", "park.lock");
        holds(net, "netWait", "socket.read");
        holds(file, "processWait", "process.wait");
        // the time the woken task waited for the busy carrier, under the wait it was woken from
        holds(sched, "schedWait", "park.latch");
        // and only there (netWait's connect is a net wait too, of its own)
        assertThat(net).noneMatch(l -> Set.of("lockWait", "processWait", "schedWait").contains(String.valueOf(l.waiter())));
        assertThat(file).noneMatch(l -> Set.of("lockWait", "netWait", "schedWait").contains(String.valueOf(l.waiter())));
        assertThat(sync).noneMatch(l -> Set.of("netWait", "processWait").contains(String.valueOf(l.waiter())));
    }

    /** sync, net and file are the whole profile's lines of their families' reasons, each line once; the rest is sleep, idle, agent or other. */
    @Test
    void theFamilyProfilesPartitionTheBlockingProfile() {
        List<String> all = profile().stream().map(Line::text).toList();
        List<String> families = new ArrayList<>();
        for (String p : List.of("sync", "net", "file")) {
            families.addAll(profile(p).stream().map(Line::text).toList());
        }
        // each line in the profile of its reason's family (the reason table: model/ReasonFamily)
        assertThat(profile("sync")).allSatisfy(l -> assertThat(l.reason()).isIn("park.lock", "park.condition", "park.latch", "park.semaphore",
                "monitor.enter", "monitor.wait", "park.queue", "park.future", "join", "chan.send", "chan.recv", "chan.select", "waitgroup"));
        assertThat(profile("net")).allSatisfy(l -> assertThat(l.reason()).isIn("socket.read", "socket.write", "socket.accept", "socket.connect", "selector"));
        assertThat(profile("file")).allSatisfy(l -> assertThat(l.reason()).isIn("file.read", "file.write", "process.wait"));
        assertThat(all).containsAll(families);
        assertThat(families).doesNotHaveDuplicates();
        List<String> rest = new ArrayList<>(all);
        rest.removeAll(families);
        assertThat(rest).allSatisfy(l -> assertThat(Line.parse(l).reason()).isIn("sleep", "carrier.idle", "agent.start", "yield", "class.init",
                "park.other", "other"));
        assertThat(rest).anyMatch(l -> Line.parse(l).reason().equals("sleep")); // the lock holder's and the server's sleeps
    }
}
