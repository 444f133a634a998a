package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** An operation was attempted on, or was pending when, the connection closed. */
public final class TransportClosedException extends TransportException {

  private static final long serialVersionUID = 1L;

  public TransportClosedException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
