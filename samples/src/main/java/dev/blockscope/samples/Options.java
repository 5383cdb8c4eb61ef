package dev.blockscope.samples;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The samples' command line: {@code --name value} pairs only. A bad option ends the program with
 * one line on standard error and exit status 2, never a stack trace.
 */
final class Options {
    private Options() {}

    static Map<String, String> parse(String[] args, String... known) {
        Set<String> names = Set.of(known);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !names.contains(a.substring(2))) {
                fail("unknown option '" + a + "'" + (known.length == 0 ? " (this program takes none)"
                        : " (known: --" + String.join(" N, --", known) + " N)"));
            }
            if (i + 1 >= args.length) {
                fail("option '" + a + "' needs a value");
            }
            out.put(a.substring(2), args[++i]);
        }
        return out;
    }

    static int positiveInt(Map<String, String> opts, String name, int fallback) {
        String v = opts.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("--" + name + " must be a positive integer, not '" + v + "'");
        return fallback;
    }

    static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
