package dev.blockscope.bench;

/** Start-up measurement: a main that returns at once. */
public final class EmptyMain {
    private EmptyMain() {}

    public static void main(String[] args) {
        // nothing: the harness times JVM start to exit
    }
}
