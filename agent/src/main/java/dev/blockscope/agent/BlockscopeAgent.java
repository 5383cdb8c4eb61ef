package dev.blockscope.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.LocalDateTime;

/**
 * Entry points of the blockscope agent: {@code -javaagent:blockscope-agent.jar[=options]}
 * ({@link #premain}) and dynamic attach ({@link #agentmain}, also with option {@code stop}, and
 * {@code dump} for a running flight recorder, and {@code live=SOCKET} for {@code blockscope top}).
 * Whatever goes wrong here is one line on stderr and the application runs on without the agent.
 */
public final class BlockscopeAgent {
    private BlockscopeAgent() {}

    private static AgentSession session;

    /** Called by the JVM before main with {@code -javaagent}. */
    public static void premain(String options, Instrumentation inst) {
        start(options, inst, true);
    }

    /**
     * {@code blockscope top}: serve the events on {@code socket}. With no recording running, one
     * is started for it (into the temporary directory) and stopped, its file deleted, when the
     * client goes: quitting {@code top} leaves the JVM as it was.
     */
    private static synchronized void live(Path socket, Instrumentation inst) {
        AgentSession running = session;
        if (running != null) {
            running.serveLive(socket, () -> { });
            return;
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "blockscope-live-" + ProcessHandle.current().pid() + ".jfr");
        start("file=" + file, inst, false);
        AgentSession started = session;
        if (started == null) {
            return; // it said why
        }
        started.serveLive(socket, () -> {
            synchronized (BlockscopeAgent.class) {
                if (session == started) {
                    session = null;
                }
            }
            started.stop();
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                // a file in the temporary directory
            }
        });
    }

    /** Called by the JVM when the agent is loaded into a running JVM. */
    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst, false);
    }

    private static synchronized void start(String raw, Instrumentation inst, boolean atStartup) {
        long started = System.nanoTime();
        if (!atStartup && raw != null && raw.strip().startsWith("live=")) {
            live(Path.of(raw.strip().substring(5)), inst);
            return;
        }
        if (!atStartup && raw != null && raw.strip().equals("dump")) {
            // attach --dump: the flight recorder writes its window now
            if (session == null || !session.flightDump("attach --dump")) {
                System.err.println("blockscope: dump: no flight recorder (flight=) runs in this JVM");
            }
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(raw);
        } catch (AgentOptions.BadOptionException e) {
            System.err.println(e.getMessage());
            return;
        }
        AgentLog log = new AgentLog(options.log());
        if (options.stop() && atStartup) {
            System.err.println("blockscope: bad option 'stop': only for attaching to a running JVM; agent disabled");
            return;
        }
        if (options.stop()) {
            if (session == null) {
                log.error("stop: no blockscope recording is running in this JVM");
                return;
            }
            Path out = session.output();
            session.stop();
            session = null;
            System.err.println("blockscope: recording written to " + out);
            return;
        }
        if (session != null) {
            log.error("already recording to " + session.output() + "; ignoring the new start");
            return;
        }
        // java.time only when the file pattern uses it: it costs a cold JVM ~20 ms
        Path output = options.outputPath(ProcessHandle.current().pid(),
                options.file().contains("%t") ? LocalDateTime.now() : null);
        try {
            AgentRecording.checkWritable(output);
        } catch (IOException e) {
            System.err.println("blockscope: cannot write the recording: " + e.getMessage() + "; agent disabled");
            return;
        }
        try {
            session = AgentSession.start(options, raw, inst, output, started, atStartup);
        } catch (Throwable e) {
            System.err.println("blockscope: agent failed to start: " + e + "; agent disabled");
            if (log.enabled(AgentOptions.LogLevel.DEBUG)) {
                e.printStackTrace();
            }
        }
    }
}
