package dev.blockscope.agent.workload;

/** Does a little work and prints a fixed line: proves the application ran. */
public final class Quiet {
    public static void main(String[] args) throws Exception {
        Thread t = Thread.ofVirtual().start(() -> { });
        t.join();
        System.out.println("GROUND-TRUTH ran=1");
    }
}
