package io.proxima.oid4vp.error;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The chosen transport was lost and the session could not continue on another offered transport
 * (see the switch-over rules in oid4vp-flow/README.md). {@link #getCause()} is the original loss.
 */
public final class SwitchOverFailedException extends TransportException {

  private static final long serialVersionUID = 1L;

  public SwitchOverFailedException(String message, @Nullable SessionId sessionId, Throwable lost) {
    super(message, sessionId, lost);
  }
}
