package io.proxima.oid4vp.error;

import io.proxima.error.ProximaException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * An MQTT rejection authenticated under the session key but its timestamp is not acceptable
 * (PROTOCOL.md §2.6: a JSON Unix time less than 5 minutes old). The session fails rather than
 * counting it as a rejection: the wallet's clock, or the wallet, is wrong.
 */
public final class InvalidRejectionException extends ProximaException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the rejection. */
  public enum Reason {
    /** The plaintext is not a JSON number. */
    NOT_A_TIMESTAMP,
    /** Older than the accepted age. */
    TOO_OLD,
    /** Further in the future than the accepted clock skew. */
    IN_THE_FUTURE
  }

  private final Reason reason;

  public InvalidRejectionException(Reason reason, String detail, @Nullable SessionId sessionId) {
    super("rejection not accepted (" + reason + "): " + detail, sessionId, null);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
