/**
 * Runnable samples that print their own ground truth ({@link dev.blockscope.samples.GroundTruth}):
 * the experiments of "Concurrency in Go", chapter 3, on the JVM (context switch, memory per task,
 * WaitGroup and closures), what pins a carrier on JDK 25, carrier starvation, file I/O
 * compensation, a channel pipeline, and the {@link dev.blockscope.samples.Demo} that
 * {@code blockscope demo} runs.
 */
package dev.blockscope.samples;
