package io.proxima.oid4vp.error;

import io.proxima.error.ProximaException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The session was cancelled: by this side ({@code cancel()} or disposing the session), or by the
 * peer where the transport can say so (a BLE verifier's Disconnect).
 */
public final class SessionCancelledException extends ProximaException {

  private static final long serialVersionUID = 1L;

  /** Who ended the session. */
  public enum Initiator {
    /** This side called {@code cancel()} or disposed the session. */
    LOCAL,
    /** The peer ended the session (a BLE Disconnect from the verifier). */
    PEER
  }

  private final Initiator initiator;

  public SessionCancelledException(Initiator initiator, @Nullable SessionId sessionId) {
    super(initiator == Initiator.LOCAL ? "session cancelled by this side" : "session ended by the peer", sessionId, null);
    this.initiator = initiator;
  }

  public Initiator initiator() {
    return initiator;
  }
}
