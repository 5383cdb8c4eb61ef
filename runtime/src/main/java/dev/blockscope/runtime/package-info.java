/**
 * Go's concurrency building blocks on virtual threads: {@link dev.blockscope.runtime.Task}
 * ({@code go}), {@link dev.blockscope.runtime.Channel} and {@link dev.blockscope.runtime.Select},
 * {@link dev.blockscope.runtime.WaitGroup}, {@link dev.blockscope.runtime.Once},
 * {@link dev.blockscope.runtime.Pool}, and {@link dev.blockscope.runtime.Trace} annotations.
 * Every wait inside records a {@code blockscope.Suspend} event, or, with the blockscope agent
 * attached, lends its reason to the agent's record: each wait is counted once. JDK only.
 */
package dev.blockscope.runtime;
