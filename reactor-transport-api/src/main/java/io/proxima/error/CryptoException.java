package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** A cryptographic operation of the session failed or was refused. */
public abstract class CryptoException extends ProximaException {

  private static final long serialVersionUID = 1L;

  protected CryptoException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
