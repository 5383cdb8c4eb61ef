package dev.blockscope.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Stands in for the blockscope agent in {@link RecordCommandTest}: {@code record} starts the
 * program with {@code -javaagent:<home>/agent/target/blockscope-agent.jar=file=<out>}, and this
 * agent writes a golden recording there (the path is the jar's resource {@code recording.path}),
 * so the command's own behaviour is tested without building the real agent.
 */
public final class RecordTestAgent {
    private RecordTestAgent() {}

    public static void premain(String args) throws Exception {
        String out = args.substring(args.indexOf("file=") + 5);
        try (InputStream in = RecordTestAgent.class.getResourceAsStream("/recording.path")) {
            Path golden = Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            Files.copy(golden, Path.of(out), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
