package dev.blockscope.agent.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * Two threads hand a turn back and forth with LockSupport: {@code rounds} hand-offs each way.
 * Prints, per side, its park() calls, the parks that returned with the turn its own (with one
 * carrier those are exactly the parks that suspended), and the unpark() calls it received.
 */
public final class PingPong {
    private static volatile int turn;
    private static Thread a;
    private static Thread b;

    public static void main(String[] args) throws Exception {
        boolean platform = args.length > 0 && args[0].equals("platform");
        int rounds = Integer.parseInt(System.getProperty("rounds", "10000"));
        long[] parks = new long[2];
        long[] wakeups = new long[2];
        long[] unparksSent = new long[2];
        Thread.Builder builder = platform ? Thread.ofPlatform() : Thread.ofVirtual();
        a = builder.name("ping").unstarted(() -> side(0, rounds, parks, wakeups, unparksSent));
        b = builder.name("pong").unstarted(() -> side(1, rounds, parks, wakeups, unparksSent));
        a.start();
        b.start();
        a.join();
        b.join();
        // whether the agent's recording ran when the hand-offs were over (if not, all were early)
        boolean jfr = !dev.blockscope.agent.bridge.ProbeBridge.early();
        System.out.println("GROUND-TRUTH rounds=" + rounds + " a=" + a.threadId() + " b=" + b.threadId()
                + " liveAtEnd=" + (jfr ? 1 : 0)
                + " parksA=" + parks[0] + " parksB=" + parks[1] + " wakeupsA=" + wakeups[0] + " wakeupsB=" + wakeups[1]
                + " unparksToB=" + unparksSent[0] + " unparksToA=" + unparksSent[1]);
    }

    private static void side(int me, int rounds, long[] parks, long[] wakeups, long[] unparksSent) {
        Thread other = me == 0 ? b : a;
        for (int i = 0; i < rounds; i++) {
            while (turn != me) {
                LockSupport.park();
                parks[me]++;
                if (turn == me) {
                    wakeups[me]++;
                }
            }
            turn = 1 - me;
            LockSupport.unpark(other);
            unparksSent[me]++;
        }
    }
}
