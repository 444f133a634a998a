package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The protocol was not followed: a frame sent by the wrong role, a message at a point of the
 * session where it is not allowed, or an operation on a session in the wrong state.
 */
public final class ProtocolViolationException extends ProximaException {

  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message, @Nullable SessionId sessionId) {
    super(message, sessionId, null);
  }
}
