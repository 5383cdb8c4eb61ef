package dev.blockscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real agent recordings for the analyzer benchmark, made with the agent in a child JVM: the
 * one-carrier ping-pong ({@link HandOff}, two suspensions per round, so {@code rounds} rounds make
 * about {@code 2 * rounds} events) and the soak ({@link SoakWorkload}: thousands of virtual
 * threads sleeping, locking and handing off). A file that exists is used as it is.
 */
public final class AgentRecordings {
    private AgentRecordings() {}

    /** The ping-pong of {@code rounds} rounds recorded into {@code out} by the agent at {@code agent}. */
    public static Path pingPong(Path agent, Path out, int rounds) throws IOException, InterruptedException {
        if (Files.isRegularFile(out)) {
            return out;
        }
        Path tmp = Files.createTempDirectory("blockscope-bench-rec");
        String cp = PingPongHarness.childClasses(tmp.resolve("cp"));
        record(agent, out, tmp, cp, HandOff.class.getName(), "virtual", "1000", Integer.toString(rounds));
        return out;
    }

    /**
     * The soak of {@code threads} virtual threads sleeping {@code sleepRange} ms ("10-100"),
     * {@code seconds} long after a second of warm-up, recorded into {@code out}.
     */
    public static Path soak(Path agent, Path out, int threads, String sleepRange, int seconds)
            throws IOException, InterruptedException {
        if (Files.isRegularFile(out)) {
            return out;
        }
        Path tmp = Files.createTempDirectory("blockscope-bench-rec");
        PingPongHarness.childClasses(tmp.resolve("cp")); // the soak waits for the agent's recording through HandOff's
        String cp = ChildJvms.classPath(tmp.resolve("cp"), SoakWorkload.classes().toArray(Class<?>[]::new));
        record(agent, out, tmp, cp, SoakWorkload.class.getName(), Integer.toString(threads), sleepRange, "1",
                Integer.toString(seconds));
        return out;
    }

    private static void record(Path agent, Path out, Path tmp, String cp, String main, String... args)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("agent jar " + agent + " not found; build it first (./mvnw -B -o -DskipTests package)");
        }
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        System.err.println("recording " + out + " (" + main + " " + String.join(" ", args) + ")...");
        ChildJvms.run(cp, List.of("-Xms1g", "-Xmx1g", "-javaagent:" + agent.toAbsolutePath() + "=log=off,cache="
                + tmp.resolve("cache") + ",file=" + partial.toAbsolutePath()), main, args);
        Files.move(partial, out);
    }
}
