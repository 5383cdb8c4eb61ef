package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.blockscope.analyzer.read.Mutations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A seeded mutation campaign over the committed recordings: each case damages a recording the way
 * disks, copies and other tools do (a cut, bit flips, header fields, maximal varints, chunks
 * repeated or mixed from another recording, garbage appended) and runs a command on it in
 * process. Every case must end within {@link #BOUND} with exit 0 or 1, one line of error at most,
 * no stack trace and no OutOfMemoryError. A failing case names its seed and index; rerun it with
 * {@code -Dblockscope.mutation.seed=S -Dblockscope.mutation.cases=N}.
 */
class MutationCampaignTest {
    static final long SEED = Long.getLong("blockscope.mutation.seed", 14);
    static final int CASES = Integer.getInteger("blockscope.mutation.cases", 150);
    static final Duration BOUND = Duration.ofSeconds(20);
    static final List<Path> INPUTS = List.of(Path.of("../analyzer/src/test/resources/golden/demo.jfr"),
            Path.of("../analyzer/src/test/resources/golden/chunked-carrier-idle.jfr"), Path.of("../analyzer/src/test/resources/golden/demo-carrier-idle.jfr"));
    static final String[][] COMMANDS = {{"summary"}, {"summary", "--json"}, {"pinning"}, {"tasks"},
        {"export", "--format", "collapsed"}, {"check", "--max-pinned=1000"}};

    @TempDir static Path dir;
    static List<byte[]> inputs = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        for (Path p : INPUTS) {
            inputs.add(Files.readAllBytes(p));
        }
    }

    /** One damaged file: what was done to it, and the bytes. */
    record Case(String what, byte[] bytes) {}

    @TestFactory
    Stream<DynamicTest> everyDamagedFileEndsInTimeWithExit0Or1AndNoStackTrace() {
        Random random = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            Case c = mutate(random);
            String[] command = COMMANDS[random.nextInt(COMMANDS.length)];
            String name = "seed " + SEED + " case " + i + ": " + c.what() + ", " + String.join(" ", command);
            return DynamicTest.dynamicTest(name, () -> run(i, c, command, name));
        });
    }

    private static void run(int i, Case c, String[] command, String name) throws Exception {
        Path file = Files.write(dir.resolve("case-" + i + ".jfr"), c.bytes());
        List<String> args = new ArrayList<>(List.of(command));
        args.add(1, file.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = assertTimeoutPreemptively(BOUND, () -> {
            CommandLine cl = BlockscopeCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            try {
                return cl.execute(args.toArray(String[]::new));
            } catch (OutOfMemoryError | StackOverflowError e) {
                throw new AssertionError(name + ": " + e, e);
            }
        }, name);
        assertThat(exit).as(name).isIn(0, 1);
        String printed = out + "\n" + err;
        assertThat(printed).as(name).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("OutOfMemoryError")
                .doesNotContain("StackOverflowError");
        // The CLI's handler for unexpected exceptions prints "blockscope <command>: <message>";
        // a damaged file is reported as "blockscope: <file>: ..." instead.
        assertThat(err.toString()).as(name).doesNotContain("blockscope " + command[0] + ":");
        if (exit == 0 && !command[0].equals("check")) {
            assertThat(err.toString()).as(name + ": exit 0 with a complaint").doesNotContain("damaged");
        }
    }

    static Case mutate(Random r) {
        int which = r.nextInt(inputs.size());
        byte[] in = inputs.get(which);
        String from = INPUTS.get(which).getFileName().toString();
        int kind = r.nextInt(11);
        return switch (kind) {
            case 0 -> {
                int at = r.nextInt(in.length);
                yield new Case(from + " cut to " + at + " bytes", Mutations.cut(in, at));
            }
            case 1, 2 -> {
                int n = 1 + r.nextInt(8);
                byte[] b = in;
                StringBuilder where = new StringBuilder();
                for (int k = 0; k < n; k++) {
                    int at = r.nextInt(b.length);
                    int bit = r.nextInt(8);
                    b = Mutations.flipBit(b, at, bit);
                    where.append(k == 0 ? "" : ",").append(at).append('.').append(bit);
                }
                yield new Case(from + " bits flipped at " + where, b);
            }
            case 3 -> {
                int chunk = chunkOffset(in, r);
                int field = 8 + 8 * r.nextInt(7);
                int bit = r.nextInt(64);
                yield new Case(from + " header bit " + bit + " of the long at " + (chunk + field) + " flipped",
                        Mutations.flipHeaderBit(in, chunk, field, bit));
            }
            case 4 -> {
                int chunk = chunkOffset(in, r);
                int field = 8 + 8 * r.nextInt(7);
                long[] values = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 68, in.length, Integer.MAX_VALUE};
                long v = values[r.nextInt(values.length)];
                yield new Case(from + " header long at " + (chunk + field) + " set to " + v, Mutations.withHeaderLong(in, chunk, field, v));
            }
            case 5 -> {
                List<Mutations.Event> events = Mutations.events(in, chunkOffset(in, r)).stream().filter(e -> e.size() > 12).toList();
                byte[] b = in;
                int n = 1 + r.nextInt(4);
                StringBuilder where = new StringBuilder();
                for (int k = 0; k < n && !events.isEmpty(); k++) {
                    Mutations.Event e = events.get(r.nextInt(events.size()));
                    byte last = (byte) (r.nextBoolean() ? 0xFF : 0x7F);
                    b = Mutations.maximalVarint(b, e, last);
                    where.append(k == 0 ? "" : ",").append(e.offset());
                }
                yield new Case(from + " maximal varints in the events at " + where, b);
            }
            case 6 -> new Case(from + " twice", Mutations.append(in, in));
            case 7 -> {
                byte[] other = inputs.get((which + 1) % inputs.size());
                yield new Case(from + " followed by " + INPUTS.get((which + 1) % inputs.size()).getFileName() + " and itself",
                        Mutations.append(Mutations.append(in, other), in));
            }
            case 8 -> {
                byte[] garbage = new byte[1 + r.nextInt(5000)];
                r.nextBytes(garbage);
                if (r.nextBoolean() && garbage.length > 4) {
                    garbage[0] = 'F'; // a magic that starts nothing
                    garbage[1] = 'L';
                    garbage[2] = 'R';
                    garbage[3] = 0;
                }
                yield new Case(from + " with " + garbage.length + " bytes of garbage appended", Mutations.append(in, garbage));
            }
            case 9 -> {
                int at = r.nextInt(in.length);
                int len = 1 + r.nextInt(Math.min(4096, in.length - at));
                byte[] b = in.clone();
                byte fill = (byte) r.nextInt(256);
                java.util.Arrays.fill(b, at, at + len, fill);
                yield new Case(from + " bytes " + at + "-" + (at + len) + " overwritten with " + (fill & 0xFF), b);
            }
            default -> {
                Case first = mutate(r);
                inputs.add(first.bytes());
                try {
                    Case second = mutateLast(r);
                    yield new Case(first.what() + ", then " + second.what(), second.bytes());
                } finally {
                    inputs.removeLast();
                }
            }
        };
    }

    /** A mutation of the last input (used to combine two). */
    private static Case mutateLast(Random r) {
        byte[] in = inputs.getLast();
        int at = in.length == 0 ? 0 : r.nextInt(in.length);
        return r.nextBoolean() ? new Case("cut to " + at + " bytes", Mutations.cut(in, at))
                : new Case("bit flipped at " + at, in.length == 0 ? in : Mutations.flipBit(in, at, r.nextInt(8)));
    }

    /** The offset of one of the file's chunks, chosen at random (walking their declared sizes). */
    private static int chunkOffset(byte[] file, Random r) {
        List<Integer> offsets = new ArrayList<>();
        int at = 0;
        while (at + 68 <= file.length && ByteBuffer.wrap(file).getInt(at) == 0x464C5200) {
            offsets.add(at);
            long size = ByteBuffer.wrap(file).getLong(at + 8);
            if (size < 68) {
                break;
            }
            at += (int) Math.min(size, file.length);
        }
        return offsets.isEmpty() ? 0 : offsets.get(r.nextInt(offsets.size()));
    }
}
