package dev.blockscope.runtime;

/**
 * A waiter queued on one channel: which case of its select this is, and for a sender the value
 * it offers. Stale offers (whose waiter another channel already claimed) are skipped and dropped.
 */
record Offer(Waiter waiter, int caseIndex, Object value) {}
