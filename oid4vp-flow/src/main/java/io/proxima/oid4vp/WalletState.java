package io.proxima.oid4vp;

/**
 * The states of a {@link WalletSession}, the mirror of {@link VerifierState}:
 *
 * <pre>
 *   CREATED -&gt; CONNECTING -&gt; IDENTIFIED -&gt; REQUEST_RECEIVED -&gt; SUBMITTED | REJECTED
 *   any non-terminal state -&gt; FAILED | EXPIRED | CANCELLED
 * </pre>
 */
public enum WalletState implements SessionState {
  /** Created, nothing done yet (sessions are lazy). */
  CREATED,
  /** Connecting to the verifier over the preferred offered transport. */
  CONNECTING,
  /** The Identify was sent; waiting for the request. */
  IDENTIFIED,
  /** The request was received and verified; the presentation provider decides. */
  REQUEST_RECEIVED,
  /** The presentation was sent. */
  SUBMITTED,
  /** The rejection was sent. */
  REJECTED,
  /** Something failed, including a request that did not verify; the outcome carries the cause. */
  FAILED,
  /** A wait timed out; the cause is a {@link io.proxima.error.SessionTimeoutException} naming it. */
  EXPIRED,
  /** Cancelled by this side, or ended by the verifier (BLE Disconnect). */
  CANCELLED;

  @Override
  public boolean isTerminal() {
    return ordinal() >= SUBMITTED.ordinal();
  }
}
