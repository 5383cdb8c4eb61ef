package dev.blockscope.agent;

/**
 * What the agent did with its last start or stop, for the tool that attached it: the system
 * property {@value #PROPERTY}, {@code <sequence>:<outcome>:<message>}, which
 * {@code blockscope attach} reads back through the attach API after loading the agent (a
 * dynamically loaded agent has no other way to answer: an exception out of {@code agentmain}
 * prints a stack trace in the target, and {@code loadAgent} returns normally either way).
 * Outcomes: {@code recording}, {@code stopped}, {@code refused} (nothing changed), {@code failed}.
 * {@link BlockscopeAgent} writes the same property on JDKs it does not run on.
 */
final class AttachResult {
    static final String PROPERTY = "blockscope.attach.result";

    private AttachResult() {}

    static void report(String outcome, String message) {
        try {
            String last = System.getProperty(PROPERTY, "0:");
            int colon = last.indexOf(':');
            long seq = colon > 0 ? Long.parseLong(last.substring(0, colon)) : 0;
            System.setProperty(PROPERTY, (seq + 1) + ":" + outcome + ":" + message);
        } catch (RuntimeException e) {
            // a security manager or a garbled value: only the attaching tool reads it
        }
    }
}
