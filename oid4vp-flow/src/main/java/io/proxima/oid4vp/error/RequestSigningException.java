package io.proxima.oid4vp.error;

import io.proxima.error.ProximaException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** The verifier could not sign its request object (a key or provider problem). */
public final class RequestSigningException extends ProximaException {

  private static final long serialVersionUID = 1L;

  public RequestSigningException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
