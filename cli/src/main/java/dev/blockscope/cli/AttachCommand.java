package dev.blockscope.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.blockscope.analyzer.report.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blockscope attach PID}: loads the agent into a running JVM. The agent is given
 * {@code file=<out>} and, with {@code --duration}, {@code duration=<nanos>ns}; {@code --stop}
 * loads it with {@code stop}, which tells a running blockscope agent to write its recording and stop.
 * What the agent did is read back from the target's system property {@value #RESULT_PROPERTY}
 * ({@code <sequence>:<outcome>:<message>}, written by the agent): a start it refused (already
 * recording, a JDK older than 21, a bad option) or a stop with nothing to stop is exit 1.
 */
@Command(name = "attach", mixinStandardHelpOptions = true, description = "Start (or --stop) recording in a running JVM by pid.")
final class AttachCommand implements Callable<Integer> {
    /** Where the agent says what it did (the agent's {@code AttachResult}). */
    static final String RESULT_PROPERTY = "blockscope.attach.result";

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of a JVM (JDK 21+)") String pid;
    @Option(names = "--duration", paramLabel = "DURATION", description = "Record for this long, then write the file (e.g. 30s)") String duration;
    @Option(names = "--stop", description = "Stop a recording started by attach and write its file") boolean stop;
    @Option(names = "--dump", description = "Have a running flight recorder (agent option flight=) write its window now, as FILE-N.jfr")
    boolean dump;
    @Option(names = "--flight", paramLabel = "WINDOW", description = "Attach as a flight recorder keeping this window (30s, 64m)") String flight;
    @Option(names = "--dumpon", paramLabel = "RULES", description = "With --flight: triggers joined with + (pinned>20ms, wait>500ms,"
            + " wait:park.lock>100ms, latency>10ms)") String dumpon;
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "blockscope-PID.jfr",
            description = "Where the target JVM writes the recording (default blockscope-<pid>.jfr in this directory)") String out;
    @Option(names = "--json", description = "Print {pid, recording, options} as JSON") boolean json;
    @Option(names = "--profile", paramLabel = "WHAT", description = "Also sample with async-profiler inside the agent: cpu, wall,"
            + " itimer, lock, alloc, joined with + (the agent's profile=)") String profile;
    @Option(names = "--interval", paramLabel = "DURATION", description = "async-profiler's sampling interval with --profile (e.g. 1ms;"
            + " default 10ms)") String interval;

    @Override
    public Integer call() throws Exception {
        if (!pid.matches("\\d+")) {
            throw new ParameterException(spec.commandLine(), "PID must be a process id (digits), was '" + pid + "'");
        }
        String options;
        Path file = Path.of(out.replace("PID", pid)).toAbsolutePath();
        if (stop && dump) {
            throw new ParameterException(spec.commandLine(), "give --stop or --dump, not both");
        }
        if (dumpon != null && flight == null) {
            throw new ParameterException(spec.commandLine(), "--dumpon needs --flight (the window a dump holds)");
        }
        if (stop) {
            options = "stop";
        } else if (dump) {
            options = "dump";
        } else {
            options = "file=" + file;
            try {
                options += AgentRun.profileOptions(profile, interval);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (duration != null) {
                try {
                    options += ",duration=" + Durations.parse(duration) + "ns";
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
                }
            }
            if (flight != null) {
                options += ",flight=" + flight + (dumpon == null ? "" : ",dumpon=" + dumpon);
            }
        }
        Path agent = Home.agentJar();
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | java.io.IOException e) {
            throw new CommandFailure.Failed("cannot attach to process " + pid + ": " + e.getMessage()
                    + " (is it a JVM of this user, started with JDK 21+?)");
        }
        String answer;
        try {
            String before = vm.getSystemProperties().getProperty(RESULT_PROPERTY);
            vm.loadAgent(agent.toString(), options);
            answer = vm.getSystemProperties().getProperty(RESULT_PROPERTY);
            if (answer == null || answer.equals(before) || answer.indexOf(':') < 0) {
                throw new CommandFailure.Failed("process " + pid + " loaded the agent but did not say what it did (an agent build"
                        + " older than this CLI?); see its stderr");
            }
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new CommandFailure.Failed("process " + pid + " refused the agent: " + e.getMessage());
        } finally {
            vm.detach();
        }
        String[] parts = answer.split(":", 3);
        String outcome = parts.length == 3 ? parts[1] : "failed";
        String message = parts.length == 3 ? parts[2] : answer;
        boolean ok = stop ? outcome.equals("stopped") : dump ? outcome.equals("dumped") : outcome.equals("recording");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(pid, stop || dump || !ok ? null : file.toString(), options, outcome, message);
        } else if (ok && dump) {
            out.println("blockscope: process " + pid + "'s flight recorder wrote its window: " + message);
        } else if (ok && stop) {
            out.println("blockscope: process " + pid + " stopped recording: " + message);
        } else if (ok) {
            out.println("blockscope: recording in process " + pid + " to " + file
                    + (duration != null ? " for " + duration : " until 'blockscope attach " + pid + " --stop' or exit"));
        }
        out.flush();
        if (!ok) {
            // with --json, the document's outcome and message say it
            throw new CommandFailure.Failed(json ? null : "process " + pid + (outcome.equals("failed") ? " failed: " : " refused: ") + message);
        }
        return FailureHandler.OK;
    }

    private void printJson(String target, String recording, String options, String outcome, String message)
            throws java.io.IOException {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("pid", Long.parseLong(target));
        doc.put("recording", recording);
        doc.put("options", options);
        doc.put("outcome", outcome);
        doc.put("message", message);
        dev.blockscope.analyzer.report.AnalysisJson.write(doc, spec.commandLine().getOut(), false);
    }
}
