package dev.blockscope.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One wait of each of Go's profiles, each in a method of its own so its stack is known, on virtual
 * threads run on one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}): a lock held
 * 80 ms by another task ({@code park.lock}, sync), a socket read answered after 70 ms
 * ({@code socket.read}, net), a child process of 100 ms ({@code process.wait}, file), and a task
 * woken while the only carrier is busy for 60 ms more (its scheduler latency, sched, after a
 * {@code park.latch} wait). It prints what it measured around each call:
 * {@code GROUND-TRUTH lock=NS net=NS process=NS sched=NS}.
 */
public final class FamilyWaitsTarget {
    private FamilyWaitsTarget() {}

    public static void main(String[] args) throws Exception {
        // InetAddress's class initialization reads the JDK's security properties file: a real file
        // read, which done inside netWait made a file.read of the net task (in the file profile when
        // it was long enough to get a stack). Done here, by main, it is no task's known wait.
        InetAddress.getLoopbackAddress();
        long lock = run("lock-waiter", FamilyWaitsTarget::lockWait);
        long net = run("net-reader", FamilyWaitsTarget::netWait);
        long process = run("process-waiter", FamilyWaitsTarget::processWait);
        long sched = run("sched-waiter", FamilyWaitsTarget::schedWait);
        System.out.println("GROUND-TRUTH lock=" + lock + " net=" + net + " process=" + process + " sched=" + sched);
    }

    interface Measured {
        long nanos() throws Exception;
    }

    static long run(String name, Measured body) throws Exception {
        long[] out = new long[1];
        Exception[] failed = new Exception[1];
        Thread t = Thread.ofVirtual().name(name).start(() -> {
            try {
                out[0] = body.nanos();
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        t.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return out[0];
    }

    /** Waits for a lock another task holds for 80 ms: park.lock. */
    static long lockWait() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("lock-holder").start(() -> {
            lock.lock();
            try {
                held.countDown();
                sleep(80);
            } finally {
                lock.unlock();
            }
        });
        held.await();
        long t0 = System.nanoTime();
        lock.lock();
        long waited = System.nanoTime() - t0;
        lock.unlock();
        holder.join();
        return waited;
    }

    /** Reads a byte a server on loopback writes 70 ms after the connection: socket.read. */
    static long netWait() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().name("net-server").start(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    sleep(70);
                    out.write(42);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); InputStream in = s.getInputStream()) {
                long t0 = System.nanoTime();
                int b = in.read();
                long waited = System.nanoTime() - t0;
                if (b != 42) {
                    throw new IllegalStateException("read " + b);
                }
                answer.join();
                return waited;
            }
        }
    }

    /** Waits for a child process that sleeps 100 ms: process.wait. */
    static long processWait() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.1").start();
        long t0 = System.nanoTime();
        int exit = p.waitFor();
        long waited = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IllegalStateException("sleep exited " + exit);
        }
        return waited;
    }

    /**
     * Waits on a latch (park.latch) that another virtual thread opens and then keeps the only
     * carrier busy for 60 ms: from the wake-up to running again is this task's scheduler latency.
     */
    static long schedWait() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] wokenAt = new long[1];
        Thread spinner = Thread.ofVirtual().name("spinner").unstarted(() -> {
            wokenAt[0] = System.nanoTime();
            go.countDown();
            long until = wokenAt[0] + TimeUnit.MILLISECONDS.toNanos(60);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        // the spinner runs once this task has parked: it is queued behind it on the one carrier
        spinner.start();
        go.await();
        long ranAt = System.nanoTime();
        spinner.join();
        return ranAt - wokenAt[0];
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
