package io.proxima.oid4vp.error;

import io.proxima.error.ProximaException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The verifier's presentation validator failed (an error, not a negative outcome: a validator
 * that finds a presentation invalid says so in its {@code ValidationOutcome}).
 */
public final class PresentationValidationException extends ProximaException {

  private static final long serialVersionUID = 1L;

  public PresentationValidationException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
