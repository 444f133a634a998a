package io.proxima.error;

import io.proxima.message.SessionId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The root of Proxima's errors. Messages name what was wrong and the session it concerns, and
 * never contain key material, nonces or plaintext.
 */
public abstract class ProximaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final @Nullable SessionId sessionId;

  protected ProximaException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, cause);
    this.sessionId = sessionId;
  }

  /** The session this error belongs to, when it belongs to one. */
  public Optional<SessionId> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    return sessionId == null ? message : "[session " + sessionId + "] " + message;
  }
}
