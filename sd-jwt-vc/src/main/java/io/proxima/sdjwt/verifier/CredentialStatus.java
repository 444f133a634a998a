package io.proxima.sdjwt.verifier;

import java.util.Objects;

/**
 * What a {@link StatusResolver} found out about a credential's status.
 *
 * @param state the status
 * @param detail for people and logs, e.g. "status list index 42: revoked"; no personal data
 */
public record CredentialStatus(State state, String detail) {

  /** The status of a credential. */
  public enum State {
    /** Neither revoked nor suspended. */
    VALID,
    /** Revoked by the issuer: the presentation is not verified. */
    REVOKED,
    /** Suspended by the issuer: the presentation is not verified. */
    SUSPENDED,
    /** The status could not be determined: the presentation is not verified. */
    UNKNOWN
  }

  public CredentialStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
  }

  public static CredentialStatus valid(String detail) {
    return new CredentialStatus(State.VALID, detail);
  }

  public static CredentialStatus revoked(String detail) {
    return new CredentialStatus(State.REVOKED, detail);
  }

  public static CredentialStatus suspended(String detail) {
    return new CredentialStatus(State.SUSPENDED, detail);
  }

  public static CredentialStatus unknown(String detail) {
    return new CredentialStatus(State.UNKNOWN, detail);
  }
}
