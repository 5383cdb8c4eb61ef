package dev.blockscope.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CarrierNamesTest {
    /** A carrier thread of the virtual-thread scheduler (one exists once a virtual thread has run). */
    private static Thread aCarrier() throws InterruptedException {
        Thread.ofVirtual().start(() -> { }).join();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread"))
                .findFirst().orElseThrow();
    }

    /**
     * The carrier's idle probe may look the carrier up before any virtual thread ran on it: the
     * first virtual thread to name it must still remember it, or the chunks never name it (found
     * by PingPongIT, a carrier id in the events and no Carrier event for it).
     */
    @Test
    void aCarrierLookedUpByItsIdleProbeFirstIsStillNamedByItsVirtualThreads() throws Exception {
        Thread carrier = aCarrier();
        CarrierNames.forget(carrier);
        assertThat(CarrierNames.known()).doesNotContain(carrier);

        TaskState own = CarrierNames.ownState(carrier); // the idle probe's lookup
        assertThat(own.thread).isSameAs(carrier);
        assertThat(own.carrierThread).isTrue();

        TaskState task = OpenSuspensions.stateOf(Thread.ofVirtual().unstarted(() -> { }));
        assertThat(CarrierNames.idOf(task, carrier)).isEqualTo(carrier.threadId());
        assertThat(CarrierNames.known()).contains(carrier);
        assertThat(task.lastCarrierState).isSameAs(own);
        assertThat(CarrierNames.ownState(carrier)).isSameAs(own); // now from the carriers' table
    }
}
