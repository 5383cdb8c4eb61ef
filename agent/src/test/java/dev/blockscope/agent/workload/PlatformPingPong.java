package dev.blockscope.agent.workload;

/** {@link PingPong} with platform threads. */
public final class PlatformPingPong {
    public static void main(String[] args) throws Exception {
        PingPong.main(new String[] {"platform"});
    }
}
