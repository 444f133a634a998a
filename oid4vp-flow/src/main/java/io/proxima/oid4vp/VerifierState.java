package io.proxima.oid4vp;

/**
 * The states of a {@link VerifierSession}:
 *
 * <pre>
 *   CREATED -&gt; ENGAGED -&gt; CONNECTED -&gt; REQUESTED -&gt; ACCEPTED | REJECTED
 *   any non-terminal state -&gt; FAILED | EXPIRED | CANCELLED
 * </pre>
 */
public enum VerifierState implements SessionState {
  /** Created, nothing done yet (sessions are lazy). */
  CREATED,
  /** Every offered transport listens; the engagement (QR) can be shown. */
  ENGAGED,
  /** A valid Identify won the race: keys derived, transport chosen, other listeners closed. */
  CONNECTED,
  /** The signed, encrypted request was delivered to the transport. */
  REQUESTED,
  /** The wallet presented; the outcome carries the vp_token and the validation outcome. */
  ACCEPTED,
  /** The wallet declined. */
  REJECTED,
  /** Something failed; the outcome carries the cause. */
  FAILED,
  /** A wait timed out; the cause is a {@link io.proxima.error.SessionTimeoutException} naming it. */
  EXPIRED,
  /** Cancelled by this side ({@code cancel()} or dispose). */
  CANCELLED;

  @Override
  public boolean isTerminal() {
    return ordinal() >= ACCEPTED.ordinal();
  }
}
