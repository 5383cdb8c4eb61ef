package dev.blockscope.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.LocalDateTime;

/**
 * The agent's start and stop on JDK 21+, called by {@link BlockscopeAgent} (the entry the
 * manifest names, which any JDK can load): {@code -javaagent} ({@link #premain}) and dynamic
 * attach ({@link #agentmain}, also with option {@code stop}). Whatever goes wrong here is one line
 * on stderr and the application runs on without the agent; each outcome is also reported to the
 * attaching tool ({@link AttachResult}).
 */
public final class AgentMain {
    private AgentMain() {}

    private static AgentSession session;
    /** How the last session of this JVM ended, for a later {@code stop}'s answer; null if none did. */
    private static String lastEnded;

    /** Called by the JVM before main with {@code -javaagent}. */
    public static void premain(String options, Instrumentation inst) {
        start(options, inst, true);
    }

    /** Called by the JVM when the agent is loaded into a running JVM. */
    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst, false);
    }

    /**
     * {@code blockscope top}: serve the events on {@code socket}. With no recording running, one
     * is started for it (into the temporary directory) and stopped, its file deleted, when the
     * client goes: quitting {@code top} leaves the JVM as it was.
     */
    private static synchronized void live(Path socket, Instrumentation inst) {
        AgentSession running = session;
        if (running != null && !running.finished()) {
            running.serveLive(socket, () -> { });
            return;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        deleteStaleLiveFiles(tmp);
        Path file = tmp.resolve("blockscope-live-" + ProcessHandle.current().pid() + ".jfr");
        start("file=" + file, inst, false);
        AgentSession started = session;
        if (started == null) {
            return; // it said why
        }
        // a JVM that exits while watched writes this recording at its exit like any other: it was
        // the viewer's, not the user's, so it goes then too (the JDK deletes after the shutdown
        // hooks, the agent's, which writes it, included)
        file.toFile().deleteOnExit();
        started.serveLive(socket, () -> {
            synchronized (AgentMain.class) {
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

    private static final java.util.regex.Pattern LIVE_FILE = java.util.regex.Pattern.compile("blockscope-live-(\\d{1,18})\\.jfr(\\.chunks)?");

    /**
     * Deletes the recordings views left in {@code tmp} when their JVM was killed (SIGKILL runs no
     * shutdown hook, so neither the view's end nor the exit deleted them): a file or chunk
     * directory named for a process that no longer runs. Best effort, and never the app's trouble.
     */
    static void deleteStaleLiveFiles(Path tmp) {
        try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(tmp, "blockscope-live-*.jfr*")) {
            for (Path f : files) {
                java.util.regex.Matcher m = LIVE_FILE.matcher(f.getFileName().toString());
                if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue; // not a view's, or its JVM runs (this one, or a view of its own)
                }
                try (java.util.stream.Stream<Path> tree = java.nio.file.Files.walk(f)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                } catch (IOException | RuntimeException another) {
                    // another user's, or going as we look: left as it is
                }
            }
        } catch (IOException | RuntimeException e) {
            // the temporary directory unreadable: nothing to tidy
        }
    }

    private static synchronized void start(String raw, Instrumentation inst, boolean atStartup) {
        long started = System.nanoTime();
        if (!atStartup && raw != null && raw.strip().startsWith("live=")) {
            live(Path.of(raw.strip().substring(5)), inst);
            return;
        }
        if (!atStartup && raw != null && raw.strip().equals("dump")) {
            // attach --dump: the flight recorder writes its window now
            if (session == null || session.finished() || !session.flightDump("attach --dump")) {
                refuse("blockscope: dump: no flight recorder (flight=) runs in this JVM");
            } else {
                AttachResult.report("dumped", "its window, next to " + session.output() + " (numbered)");
            }
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(raw);
        } catch (AgentOptions.BadOptionException e) {
            refuse(e.getMessage());
            return;
        }
        AgentLog log = new AgentLog(options.log());
        if (options.stop() && atStartup) {
            refuse("blockscope: bad option 'stop': only for attaching to a running JVM; agent disabled");
            return;
        }
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            // before any class that links jdk.jfr: its absence would surface as some half-defined class
            refuse("blockscope: needs the JDK module jdk.jfr, which this JVM does not have (an image made by jlink"
                    + " without it, or --limit-modules); agent disabled");
            return;
        }
        if (session != null && session.finished()) {
            // ended by itself (duration=, the disk bound): it blocks neither a new start nor says it runs
            lastEnded = session.endedHow();
            session = null;
        }
        if (options.stop()) {
            if (session == null) {
                String why = "stop: no blockscope recording is running in this JVM"
                        + (lastEnded == null ? "" : " (the last one " + lastEnded + ")");
                log.error(why);
                AttachResult.report("refused", why);
                return;
            }
            Path out = session.output();
            session.stop();
            lastEnded = session.endedHow();
            session = null;
            String done = "recording written to " + out;
            System.err.println("blockscope: " + done);
            AttachResult.report("stopped", done);
            return;
        }
        if (session != null) {
            String why = "already recording to " + session.output() + "; ignoring the new start (stop it first)";
            log.error(why);
            AttachResult.report("refused", why);
            return;
        }
        // java.time only when the file pattern uses it: it costs a cold JVM ~20 ms
        Path output = options.outputPath(ProcessHandle.current().pid(),
                options.file().contains("%t") ? LocalDateTime.now() : null);
        try {
            AgentRecording.checkWritable(output);
            AgentRecording.checkFreeSpace(output, options.minFreeBytes());
        } catch (IOException e) {
            refuse("blockscope: cannot write the recording: " + e.getMessage() + "; agent disabled");
            return;
        }
        try {
            session = AgentSession.start(options, raw, inst, output, started, atStartup);
            AttachResult.report("recording", "recording to " + output);
        } catch (Throwable e) {
            String why = "agent failed to start: " + e;
            log.error(why + "; agent disabled");
            log.debug("why:", e);
            AttachResult.report("failed", why);
        }
    }

    /** One line on stderr, and the same to the attaching tool without the prefix. */
    private static void refuse(String line) {
        System.err.println(line);
        AttachResult.report("refused", line.startsWith("blockscope: ") ? line.substring("blockscope: ".length()) : line);
    }
}
