package dev.blockscope.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SelectTest {

    @Test
    void picksFairlyAmongReadyCases() {
        Channel<Integer> a = Channel.buffered(1);
        Channel<Integer> b = Channel.buffered(1);
        Channel<Integer> c = Channel.buffered(1);
        int[] picks = new int[3];
        Select select = new Select().recv(a).recv(b).recv(c);
        int rounds = 30_000;
        for (int i = 0; i < rounds; i++) {
            // All three are ready every round; refill the one taken.
            if (a.len() == 0) a.send(0);
            if (b.len() == 0) b.send(1);
            if (c.len() == 0) c.send(2);
            int fired = select.run();
            picks[fired]++;
            assertThat(select.value()).isEqualTo(fired);
        }
        // Uniform choice gives 10,000 each with a standard deviation of about 82: allow ±10%.
        for (int p : picks) {
            assertThat(p).isBetween(9_000, 11_000);
        }
    }

    @Test
    void defaultRunsWhenNothingIsReady() {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicInteger defaults = new AtomicInteger();
        int fired = new Select().recv(ch).send(ch, 1, null).orElse(defaults::incrementAndGet).run();
        assertThat(fired).isEqualTo(Select.DEFAULT);
        assertThat(defaults).hasValue(1);
        assertThat(ch.waitingReceivers() + ch.waitingSenders()).isZero();
    }

    @Test
    void defaultIsNotTakenWhenACaseIsReady() {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(5);
        Select s = new Select().recv(ch).orElse(null);
        assertThat(s.run()).isZero();
        assertThat(s.value()).isEqualTo(5);
        assertThat(s.ok()).isTrue();
    }

    @Test
    void timeoutFiresAndLeavesNoOfferBehind() {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        AtomicInteger timeouts = new AtomicInteger();
        Select s = new Select().recv(a).send(b, 1, null).timeout(Duration.ofMillis(2), timeouts::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            assertThat(s.run()).isEqualTo(Select.TIMEOUT);
        }
        assertThat(timeouts).hasValue(5);
        assertThat(a.waitingReceivers()).isZero();
        assertThat(b.waitingSenders()).isZero();
    }

    @Test
    void zeroTimeoutActsLikeDefault() {
        Channel<Integer> a = Channel.unbuffered();
        assertThat(new Select().recv(a).timeout(Duration.ZERO, null).run()).isEqualTo(Select.TIMEOUT);
    }

    @Test
    void waitingSelectWakesForALateSenderAndRemovesItsOtherOffers() throws Exception {
        Channel<String> a = Channel.unbuffered();
        Channel<String> b = Channel.unbuffered();
        Task sender = Task.go("late-sender", () -> {
            Waiting.until(() -> b.waitingReceivers() == 1, "the select waits");
            b.send("hello");
        });
        Select s = new Select().recv(a).recv(b);
        assertThat(s.run()).isEqualTo(1);
        assertThat(s.value()).isEqualTo("hello");
        sender.join();
        assertThat(a.waitingReceivers()).isZero();
    }

    @Test
    void sendCaseCompletesWithWaitingReceiver() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicInteger got = new AtomicInteger();
        Task receiver = Task.go("receiver", () -> got.set(ch.receive()));
        Waiting.until(() -> ch.waitingReceivers() == 1, "the receiver waits");
        AtomicInteger sent = new AtomicInteger();
        assertThat(new Select().send(ch, 9, sent::incrementAndGet).run()).isZero();
        receiver.join();
        assertThat(got).hasValue(9);
        assertThat(sent).hasValue(1);
    }

    @Test
    void receiveCaseOnClosedChannelIsReadyWithNotOk() {
        Channel<Integer> closed = Channel.unbuffered();
        closed.close();
        Channel<Integer> idle = Channel.unbuffered();
        boolean[] seen = new boolean[2];
        int fired = new Select().recv(idle).recv(closed, (v, ok) -> {
            seen[0] = true;
            seen[1] = ok;
        }).run();
        assertThat(fired).isEqualTo(1);
        assertThat(seen).containsExactly(true, false);
    }

    @Test
    void closingTheChannelOfAWaitingSendCaseFails() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Channel<Integer> idle = Channel.unbuffered();
        Task selector = Task.go("selector", () -> new Select().send(ch, 1, null).recv(idle).run());
        Waiting.until(() -> ch.waitingSenders() == 1, "the select waits");
        ch.close();
        selector.join();
        assertThat(selector.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(idle.waitingReceivers()).isZero();
    }

    @Test
    void selectWithNothingToWaitForIsRejected() {
        assertThatThrownBy(() -> new Select().run()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("block forever");
    }

    @Test
    void twoSelectsMatchEachOther() throws Exception {
        // A select waiting on send meets a select that arrives to receive.
        Channel<Integer> ch = Channel.unbuffered();
        Channel<Integer> other = Channel.unbuffered();
        Task sender = Task.go("select-sender", () -> new Select().send(ch, 3, null).recv(other).run());
        Waiting.until(() -> ch.waitingSenders() == 1, "the sending select waits");
        Select receive = new Select().recv(other).recv(ch);
        assertThat(receive.run()).isEqualTo(1);
        assertThat(receive.value()).isEqualTo(3);
        sender.join();
        assertThat(sender.failure()).isNull();
        assertThat(other.waitingReceivers()).isZero();
    }
}
