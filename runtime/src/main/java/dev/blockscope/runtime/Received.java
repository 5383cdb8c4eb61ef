package dev.blockscope.runtime;

/**
 * The result of a receive, as Go's {@code v, ok := <-ch}: {@code ok} is false when the channel
 * was closed and drained, and then {@code value} is the zero value ({@code null}).
 *
 * @param value the value received, or null when {@code ok} is false
 * @param ok    true when a value sent on the channel was received
 * @param <T>   element type
 */
public record Received<T>(T value, boolean ok) {}
