package io.proxima.oid4vp.error;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * No transport can serve the session: none is enabled and available, the engagement offers none
 * of the wallet's, or every one failed to set up ({@link #getCause()} is the first failure).
 */
public final class NoUsableTransportException extends TransportException {

  private static final long serialVersionUID = 1L;

  public NoUsableTransportException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
