package dev.blockscope.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Many tasks, many rounds: every value delivered exactly once, no task left behind. */
class RaceTest {
    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 8;
    private static final int PER_PRODUCER = 2_500;

    @RepeatedTest(3)
    void unbufferedChannelDeliversEveryValueOnce() throws Exception {
        manyToMany(Channel.unbuffered());
    }

    @RepeatedTest(3)
    void bufferedChannelDeliversEveryValueOnce() throws Exception {
        manyToMany(Channel.buffered(4));
    }

    private static void manyToMany(Channel<Integer> ch) throws Exception {
        WaitGroup producers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.go("producer-" + p, () -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    ch.send(base + i);
                }
            });
        }
        boolean[] seen = new boolean[PRODUCERS * PER_PRODUCER];
        AtomicInteger duplicates = new AtomicInteger();
        List<Task> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            consumers.add(Task.go("consumer-" + c, () -> {
                for (int v : ch) {
                    synchronized (seen) {
                        if (seen[v]) duplicates.incrementAndGet();
                        seen[v] = true;
                    }
                }
            }));
        }
        producers.await();
        ch.close();
        for (Task t : consumers) {
            t.join();
            assertThat(t.failure()).isNull();
        }
        assertThat(duplicates).hasValue(0);
        for (boolean b : seen) {
            assertThat(b).isTrue();
        }
    }

    @RepeatedTest(3)
    void competingSelectsOverSharedChannelsLoseNothing() throws Exception {
        // Senders use plain sends on a and selects over {send a, send b}; receivers select over
        // {recv a, recv b, timeout}. Every value must arrive exactly once.
        Channel<Long> a = Channel.unbuffered();
        Channel<Long> b = Channel.buffered(2);
        int senders = 6;
        int perSender = 3_000;
        WaitGroup sent = new WaitGroup();
        for (int s = 0; s < senders; s++) {
            long base = (long) s * perSender;
            boolean plain = s % 2 == 0;
            sent.go("sender-" + s, () -> {
                for (long i = 0; i < perSender; i++) {
                    long v = base + i;
                    if (plain) {
                        a.send(v);
                    } else {
                        new Select().send(a, v, null).send(b, v, null).run();
                    }
                }
            });
        }
        LongAdder sum = new LongAdder();
        LongAdder count = new LongAdder();
        Channel<Boolean> stop = Channel.unbuffered();
        WaitGroup received = new WaitGroup();
        for (int r = 0; r < 6; r++) {
            received.go("receiver-" + r, () -> {
                boolean[] running = {true};
                Select select = new Select()
                        .recv(a, (v, ok) -> { sum.add(v); count.increment(); })
                        .recv(b, (v, ok) -> { sum.add(v); count.increment(); })
                        .recv(stop, (v, ok) -> running[0] = false)
                        .timeout(Duration.ofMillis(1), null);
                while (running[0]) {
                    select.run();
                }
            });
        }
        sent.await();
        Waiting.until(() -> count.sum() == (long) senders * perSender, "all values received");
        stop.close();
        received.await();
        long n = (long) senders * perSender;
        assertThat(count.sum()).isEqualTo(n);
        assertThat(sum.sum()).isEqualTo(n * (n - 1) / 2);
        assertThat(a.waitingReceivers() + b.waitingReceivers() + stop.waitingReceivers()).isZero();
    }

    @Test
    void pingPongManyRoundsEndsInOrder() throws Exception {
        Channel<Integer> ping = Channel.unbuffered();
        Channel<Integer> pong = Channel.unbuffered();
        int rounds = 20_000;
        Task echo = Task.go("echo", () -> {
            for (int v : ping) {
                pong.send(v + 1);
            }
        });
        AtomicLong last = new AtomicLong();
        for (int i = 0; i < rounds; i++) {
            ping.send(i);
            last.set(pong.receive());
            assertThat(last.get()).isEqualTo(i + 1);
        }
        ping.close();
        echo.join();
    }
}
