package dev.blockscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How soon {@code serve FILE} shows a first open of a large recording (no saved analysis): each
 * round starts the given command ({@code ./blockscope}, so with the launcher's heap and start-up
 * cache, or a {@code .jar}) as {@code serve FILE --no-cache --preview SIZE}, polls
 * {@code /api/status} every 50 ms, and prints, in milliseconds from the process' start: the
 * address line, the first status answer, the preview (status {@code preview}, then its whole
 * {@code /api/summary}), and with {@code --whole} when each step of the whole analysis began
 * ({@code phase reading}, {@code phase ordering the intervals by task}, ...) and the whole
 * ({@code ready} and its summary); then the medians. Rounds alternate the sizes given (e.g. {@code 8m,0}: with a preview
 * and without), so both see the same machine.
 *
 * <pre>{@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.ServeOpenHarness ./blockscope soak.jfr 8m 5 [--whole]}</pre>
 */
public final class ServeOpenHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeOpenHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ServeOpenHarness BLOCKSCOPE(./blockscope or a jar) FILE PREVIEW-SIZES(8m,0) ROUNDS [--whole]");
            System.exit(2);
        }
        String command = args[0];
        Path file = Path.of(args[1]).toAbsolutePath();
        List<String> sizes = List.of(args[2].split(","));
        int rounds = Integer.parseInt(args[3]);
        boolean whole = Arrays.asList(args).contains("--whole");
        System.out.printf(Locale.ROOT, "serve %s (%,d bytes), %d rounds; ms from the process' start%n", file, Files.size(file), rounds);
        Map<String, Map<String, List<Long>>> all = new TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String size : sizes) {
                Map<String, Long> marks = round(command, file, size, whole);
                System.out.printf(Locale.ROOT, "  --preview %s: %s%n", size, marks);
                Map<String, List<Long>> bySize = all.computeIfAbsent(size, k -> new TreeMap<>());
                marks.forEach((k, v) -> bySize.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        all.forEach((size, marks) -> {
            StringBuilder line = new StringBuilder("medians, --preview " + size + ":");
            marks.forEach((k, v) -> line.append(' ').append(k).append(' ').append(median(v)));
            System.out.println(line);
        });
    }

    private static Map<String, Long> round(String command, Path file, String size, boolean whole) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (command.endsWith(".jar")) {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", command));
        } else {
            cmd.add(command);
        }
        cmd.addAll(List.of("serve", file.toString(), "--no-cache", "--preview", size));
        long start = System.nanoTime();
        Process serve = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> marks = new java.util.LinkedHashMap<>();
        try {
            URI server = ChildJvms.servingAddress(
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)), "blockscope: serving");
            marks.put("address", ms(start));
            String state = null;
            while (true) {
                // a plain connection and a pattern, not an HTTP client and a JSON parser: on two cores the
                // harness' own JIT work would compete with the cold JVM it measures
                String body = new String(get(server.resolve("/api/status")), StandardCharsets.UTF_8);
                Matcher sm = STATE.matcher(body);
                if (!sm.find()) {
                    throw new IllegalStateException("/api/status answered " + body);
                }
                String now = sm.group(1);
                if (state == null) {
                    marks.put("status", ms(start));
                }
                Matcher pm = PHASE.matcher(body);
                if (whole && pm.find() && !now.equals("ready")) {
                    // when the whole analysis' steps begin (reading, ordering the intervals by task, summarizing, ...)
                    marks.putIfAbsent("phase " + pm.group(1), ms(start));
                }
                if (!now.equals(state)) {
                    state = now;
                    if (now.equals("failed")) {
                        throw new IllegalStateException("serve failed: " + body);
                    }
                    if (now.equals("preview") || now.equals("ready")) {
                        marks.put(now, ms(start));
                        byte[] summary = get(server.resolve("/api/summary"));
                        marks.put(now + "Summary", ms(start));
                        if (now.equals("preview")) {
                            marks.put("previewMs", (long) (JSON.readTree(summary).get("window").get("durationNanos").asLong() / 1e6));
                        }
                    }
                }
                if (now.equals("ready") || (!whole && now.equals("preview"))) {
                    return marks;
                }
                Thread.sleep(50);
            }
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern PHASE = Pattern.compile("\"phase\"\\s*:\\s*\"([^\"]+)\"");

    /** The body of a GET answered 200. */
    private static byte[] get(URI uri) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
        try {
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException(uri.getPath() + " answered " + c.getResponseCode());
            }
            try (var in = c.getInputStream()) {
                return in.readAllBytes();
            }
        } finally {
            c.disconnect();
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
