package dev.blockscope.analyzer.report;

/**
 * A recording's string as the text reports print it: control characters and the invisible
 * characters that reorder or hide text (bidirectional overrides and isolates, marks, zero-width
 * characters) are written as {@code \\uXXXX} escapes, the same ones the web UI shows. A thread
 * named with a right-to-left override turned "evil" into "live" in a lane label, and a name with
 * a line break or an escape sequence can forge lines or colours in a terminal.
 */
public final class Printable {
    private Printable() {}

    /** {@code text} with every unsafe character escaped; null stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, k);
                }
                out.append(String.format("\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Whether {@code c} must not be printed as it is. */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x061C || c == 0x180E
                || (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
    }
}
