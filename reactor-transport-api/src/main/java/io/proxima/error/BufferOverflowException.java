package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The peer (or someone on its topic) sent more frames than the session's bounded inbound buffer
 * holds. Only that session fails; others are unaffected.
 */
public final class BufferOverflowException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final int capacity;

  public BufferOverflowException(int capacity, @Nullable SessionId sessionId) {
    super("inbound buffer of " + capacity + " frames overflowed", sessionId, null);
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }
}
