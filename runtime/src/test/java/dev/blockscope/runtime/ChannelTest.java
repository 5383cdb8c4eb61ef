package dev.blockscope.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void bufferedChannelKeepsFifoOrderAndReportsLenAndCap() {
        Channel<Integer> ch = Channel.buffered(3);
        ch.send(1);
        ch.send(2);
        assertThat(ch.len()).isEqualTo(2);
        assertThat(ch.cap()).isEqualTo(3);
        assertThat(ch.receive()).isEqualTo(1);
        assertThat(ch.receive()).isEqualTo(2);
        assertThat(ch.len()).isZero();
    }

    @Test
    void unbufferedSendWaitsForTheReceiver() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        AtomicReference<Boolean> sent = new AtomicReference<>(false);
        Task sender = Task.go("sender", () -> {
            ch.send("token");
            sent.set(true);
        });
        Waiting.until(() -> ch.waitingSenders() == 1, "the sender waits");
        assertThat(sent.get()).isFalse();
        assertThat(ch.receive()).isEqualTo("token");
        sender.join();
        assertThat(sent.get()).isTrue();
    }

    @Test
    void sendOnClosedChannelFails() {
        Channel<Integer> ch = Channel.buffered(1);
        ch.close();
        assertThatThrownBy(() -> ch.send(1))
                .isInstanceOf(ChannelClosedException.class).hasMessage("send on closed channel");
    }

    @Test
    void closeOfClosedChannelFails() {
        Channel<Integer> ch = Channel.unbuffered();
        ch.close();
        assertThatThrownBy(ch::close).isInstanceOf(ChannelClosedException.class).hasMessage("close of closed channel");
    }

    @Test
    void receiveOnClosedChannelDrainsThenYieldsZeroValueAndNotOk() {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(7);
        ch.close();
        assertThat(ch.receiveOk()).isEqualTo(new Received<>(7, true));
        assertThat(ch.receiveOk()).isEqualTo(new Received<Integer>(null, false));
        assertThat(ch.receive()).isNull();
    }

    @Test
    void closeReleasesWaitingReceiversWithNotOk() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        List<Received<Integer>> got = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Task> receivers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            receivers.add(Task.go("receiver-" + i, () -> got.add(ch.receiveOk())));
        }
        Waiting.until(() -> ch.waitingReceivers() == 5, "five receivers wait");
        ch.close();
        for (Task t : receivers) {
            t.join();
        }
        assertThat(got).hasSize(5).allMatch(r -> !r.ok() && r.value() == null);
    }

    @Test
    void closeMakesWaitingSenderFail() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Task sender = Task.go("sender", () -> ch.send(1));
        Waiting.until(() -> ch.waitingSenders() == 1, "the sender waits");
        ch.close();
        sender.join();
        assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class).hasMessage("send on closed channel");
    }

    @Test
    void blockedSenderOfFullBufferMovesIntoFreedSlot() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(1);
        Task sender = Task.go("sender", () -> ch.send(2));
        Waiting.until(() -> ch.waitingSenders() == 1, "the sender waits for space");
        assertThat(ch.receive()).isEqualTo(1);
        sender.join();
        assertThat(ch.len()).isEqualTo(1);
        assertThat(ch.receive()).isEqualTo(2);
    }

    @Test
    void iterationReceivesUntilClosed() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Task producer = Task.go("producer", () -> {
            for (int i = 1; i <= 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        long sum = 0;
        int n = 0;
        for (int v : ch) {
            sum += v;
            n++;
        }
        producer.join();
        assertThat(n).isEqualTo(100);
        assertThat(sum).isEqualTo(5050);
    }

    @Test
    void nullCannotBeSentAndCapacityMustNotBeNegative() {
        Channel<String> ch = Channel.buffered(1);
        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Channel.buffered(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void afterDeliversOnce() {
        long t0 = System.nanoTime();
        Channel<Long> timer = Channel.after(java.time.Duration.ofMillis(5));
        assertThat(timer.receive()).isGreaterThanOrEqualTo(t0 + 5_000_000L);
        assertThat(timer.len()).isZero();
    }

    @Test
    void interruptDoesNotAbortAWaitButIsKept() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicReference<Object> result = new AtomicReference<>();
        Task receiver = Task.go("receiver", () -> {
            Integer v = ch.receive();
            result.set(List.of(v, Thread.currentThread().isInterrupted()));
        });
        Waiting.until(() -> ch.waitingReceivers() == 1, "the receiver waits");
        receiver.thread().interrupt();
        ch.send(42);
        receiver.join();
        assertThat(result.get()).isEqualTo(List.of(42, true));
    }
}
