package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.read.Recordings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every way a command ends goes through {@link FailureHandler}: the exit codes docs/cli.md
 * promises, one line on stderr (or none where the output already said it), and the same
 * load-and-report path ({@link AnalysisRun}) behind every report command, on a sound, a damaged
 * and a missing recording.
 */
class FailureHandlerTest {
    @TempDir static Path dir;
    static Path sound;
    static Path damaged;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void recordings() throws Exception {
        sound = Recordings.blockscope(dir.resolve("app.jfr"));
        // two copies of the recording, the second cut short: its chunk is skipped as damaged
        byte[] twice = Files.readAllBytes(Recordings.concat(dir.resolve("twice.jfr"), sound, sound));
        damaged = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(twice, twice.length - 1000));
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

    /** A report command's arguments on {@code file}, writing any file it writes into the temporary directory. */
    static String[] command(String name, Path file) {
        return switch (name) {
            case "export" -> new String[] {"export", file.toString(), "--format", "collapsed"};
            case "check" -> new String[] {"check", file.toString(), "--max-pinned=100"};
            case "report" -> new String[] {"report", file.toString(), "-o", dir.resolve(file.getFileName() + ".html").toString()};
            default -> new String[] {name, file.toString()};
        };
    }

    /** The heap the out-of-memory line suggests is more than the one that ran out (it said 4g to a 12 GB JVM). */
    @Test
    void outOfMemorySuggestsTwiceTheHeapThatRanOut() {
        assertThat(FailureHandler.outOfMemoryLine(12_080L << 20)).contains("heap of 12080 MB").contains("BLOCKSCOPE_HEAP=24g")
                .contains("-Xmx24g");
        assertThat(FailureHandler.outOfMemoryLine(256L << 20)).contains("BLOCKSCOPE_HEAP=1g");
        assertThat(FailureHandler.outOfMemoryLine(3L << 30)).contains("BLOCKSCOPE_HEAP=6g");
    }

    @Test
    void theExitCodesAreTheOnesDocsCliMdPromises() throws IOException {
        // docs/cli.md's table: | code | meaning |
        Map<Integer, String> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d) \\| (.+) \\|$").matcher(Files.readString(Path.of("../docs/cli.md")));
        while (row.find()) {
            documented.put(Integer.parseInt(row.group(1)), row.group(2));
        }
        assertThat(documented).containsOnlyKeys(0, 1, 2, 3);
        assertThat(documented.get(FailureHandler.OK)).isEqualTo("done");
        assertThat(documented.get(FailureHandler.BAD_DATA)).contains("bad data", "damaged");
        assertThat(documented.get(FailureHandler.FAILED)).contains("a failed `check`", "a program that failed");
        assertThat(documented.get(FailureHandler.USAGE)).startsWith("bad usage");
        assertThat(documented.get(FailureHandler.OUT_OF_MEMORY)).startsWith("out of memory");

        FailureHandler handler = new FailureHandler();
        CommandLine cl = BlockscopeCommand.commandLine();
        assertThat(handler.getExitCode(new CommandLine.ParameterException(cl, "missing FILE"))).isEqualTo(2);
        assertThat(handler.getExitCode(new CommandFailure.Unreadable(new IOException("x.jfr: no such file")))).isEqualTo(1);
        assertThat(handler.getExitCode(new CommandFailure.Failed("the program exited with code 3"))).isEqualTo(1);
        assertThat(handler.getExitCode(new OutOfMemoryError())).isEqualTo(3);
        assertThat(handler.getExitCode(new IllegalStateException("agent jar not found"))).isEqualTo(1);
    }

    @Test
    void eachFailureIsOneLineOrNoneWhereTheOutputSaysIt() {
        assertThat(FailureHandler.line(new CommandFailure.Unreadable(new IOException("/r/x.jfr: no such file")), "summary"))
                .isEqualTo("blockscope: /r/x.jfr: no such file");
        assertThat(FailureHandler.line(new CommandFailure.Failed("process 12 refused the agent: why"), "attach"))
                .isEqualTo("blockscope: process 12 refused the agent: why");
        // a failed check's output says FAIL; attach --json's document says the outcome
        assertThat(FailureHandler.line(new CommandFailure.Failed(null), "check")).isNull();
        // what no command expects names the command; a file-system error says what is wrong with the path
        assertThat(FailureHandler.line(new IllegalStateException("agent jar not found at /a"), "record"))
                .isEqualTo("blockscope record: agent jar not found at /a");
        assertThat(FailureHandler.line(new AccessDeniedException("/root/x.html"), "report"))
                .isEqualTo("blockscope report: /root/x.html: permission denied");
        assertThat(FailureHandler.line(new NullPointerException(), "summary")).isEqualTo("blockscope summary: NullPointerException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"summary", "tasks", "pinning", "export", "check", "report"})
    void everyReportCommandTakesTheOnePath(String name) {
        Run whole = run(command(name, sound));
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(whole.err()).isEmpty();
        assertThat(whole.out()).isNotEmpty();

        // damaged: what could be read is reported, then one line says what was skipped, exit 1
        Run cut = run(command(name, damaged));
        assertThat(cut.exit()).isEqualTo(1);
        assertThat(cut.out()).isNotEmpty();
        assertThat(cut.err().lines()).singleElement().asString()
                .startsWith("blockscope: " + damaged + ": damaged recording, analyzed what could be read; skipped: chunk 1");

        // unreadable: no report, one line naming the file and what is wrong, exit 1
        Path missing = dir.resolve("missing.jfr");
        Run none = run(command(name, missing));
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("blockscope: " + missing + ": no such file" + System.lineSeparator());
    }

    /** A failed check on a damaged recording says both: the gate in its output, the damage on stderr. */
    @Test
    void aFailedCheckOfADamagedRecordingSaysBoth() {
        Run r = run("check", damaged.toString(), "--max-pinned=0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL pinned waits").contains("check FAILED");
        assertThat(r.err().lines()).singleElement().asString().contains(": damaged recording, analyzed what could be read");
        Run sound = run("check", FailureHandlerTest.sound.toString(), "--max-pinned=0");
        assertThat(sound.exit()).isEqualTo(1);
        assertThat(sound.err()).isEmpty();
    }

    @Test
    void aTaskTheRecordingDoesNotHaveIsOneLine() {
        Run r = run("tasks", sound.toString(), "--task", "987654321");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("blockscope: " + sound + ": no task with id 987654321 (see 'blockscope tasks " + sound + "')"
                + System.lineSeparator());
    }

    /** A usage error found only once the recording is read (a reason it does not have) is still exit 2 with the usage. */
    @Test
    void aUsageErrorFoundInTheRecordingIsStillUsage() {
        List<String> args = new ArrayList<>(List.of("check", sound.toString(), "--max-blocked=no.such.reason:1ms"));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no.such.reason").contains("Usage: blockscope check");
    }
}
