package dev.blockscope.runtime;

/**
 * Thrown where Go panics on a closed channel: a send (or a blocked sender when the channel is
 * closed under it), a select that picks a send case on a closed channel, and a second close.
 */
public final class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ChannelClosedException(String message) {
        super(message);
    }
}
