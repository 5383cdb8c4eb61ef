package dev.blockscope.agent;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where JFR keeps its chunks while the agent records, and how large they grow. By default JFR
 * writes them under {@code java.io.tmpdir}, a file system the agent's disk bound would not see
 * (a full one there made JFR end the JVM: "An irrecoverable error in Jfr"), and in chunks of up to
 * 12 MB whatever {@code maxsize=} says (its repository reached 28 MB under {@code maxsize=1m}).
 * So, before the agent's recording starts, its base directory moves to {@code <output>.chunks/jfr}
 * (or {@code repository=}) and, under {@code maxsize=}, its chunk size shrinks to fit; both are
 * restored when the agent stops. JFR's repository and chunk size belong to the whole JVM, which
 * offers no public API for them at run time but the {@code JFR.configure} diagnostic command: this
 * calls the two internal methods behind it ({@code jdk.jfr.internal} is exported to the agent at
 * start). Where they differ, or another recording already runs (its chunks would be moved from
 * under it), JFR's repository stays where it is and the agent says so in one line.
 */
final class JfrRepository {
    /** JFR's smallest chunk size ({@code maxchunksize}). */
    static final long MIN_CHUNK_BYTES = 1L << 20;

    private final Path previousBase;
    private final long previousChunkBytes;
    private final Path base;

    private JfrRepository(Path previousBase, long previousChunkBytes, Path base) {
        this.previousBase = previousBase;
        this.previousChunkBytes = previousChunkBytes;
        this.base = base;
    }

    /**
     * Moves JFR's repository to {@code base} and bounds its chunks for {@code jfrMaxBytes} (0: no
     * bound). Returns null, having said why through {@code log}, when it could not.
     */
    static JfrRepository moveTo(Path base, long jfrMaxBytes, AgentLog log) {
        try {
            for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                if (r.getState() == RecordingState.RUNNING && r.isToDisk()) {
                    log.error("JFR's repository stays where it is (another recording, '" + r.getName()
                            + "', writes there): the disk bound does not count it");
                    return null;
                }
            }
            Object repository = Class.forName("jdk.jfr.internal.Repository").getMethod("getRepository").invoke(null);
            Path previous = (Path) repository.getClass().getMethod("getBaseLocation").invoke(repository);
            Files.createDirectories(base);
            repository.getClass().getMethod("setBasePath", Path.class).invoke(repository, base);
            Class<?> options = Class.forName("jdk.jfr.internal.Options");
            long chunk = (Long) options.getMethod("getMaxChunkSize").invoke(null);
            if (jfrMaxBytes > 0) {
                long wanted = Math.max(MIN_CHUNK_BYTES, jfrMaxBytes / 4);
                if (wanted < chunk) {
                    options.getMethod("setMaxChunkSize", long.class).invoke(null, wanted);
                }
            }
            return new JfrRepository(previous, chunk, base);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException t ? t.getCause() : e;
            log.error("JFR's repository stays where it is (" + cause + "): the disk bound does not count it");
            return null;
        }
    }

    Path base() {
        return base;
    }

    /** Gives JFR its repository and chunk size back; removes the directories JFR left empty under {@link #base}. */
    void restore() {
        try {
            Object repository = Class.forName("jdk.jfr.internal.Repository").getMethod("getRepository").invoke(null);
            if (previousBase != null) {
                repository.getClass().getMethod("setBasePath", Path.class).invoke(repository, previousBase);
            }
            Class.forName("jdk.jfr.internal.Options").getMethod("setMaxChunkSize", long.class).invoke(null, previousChunkBytes);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // JFR keeps the agent's settings: only later recordings of this JVM see them
        }
        removeEmpty(base);
    }

    /** Deletes {@code dir} and the directories under it that are empty (JFR deletes its chunks itself). */
    static void removeEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p)) {
                    try {
                        Files.delete(p);
                    } catch (IOException notEmpty) {
                        // still holds chunks of another recording
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // temporary directories; nothing depends on their removal
        }
    }
}
