package dev.blockscope.bench;

/**
 * Start-up measurement: prints the wall clock (epoch ms) on main's first line and returns, so
 * {@link StartupHarness} sees both when main began (the agent's {@code premain} is done by then)
 * and when the JVM exited (the recording written).
 */
public final class StartupMain {
    private StartupMain() {}

    public static void main(String[] args) {
        System.out.println("MAIN-STARTED " + System.currentTimeMillis());
    }
}
