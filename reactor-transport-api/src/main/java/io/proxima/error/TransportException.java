package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * A transport failed: the broker or the adapter is unreachable, a TLS handshake or a GATT
 * registration failed, or the link was lost.
 */
public class TransportException extends ProximaException {

  private static final long serialVersionUID = 1L;

  public TransportException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
