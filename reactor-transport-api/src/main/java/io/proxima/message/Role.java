package io.proxima.message;

/** The two parties of a proximity presentation. */
public enum Role {
  /** Shows the engagement (QR code), sends the signed request, receives the presentation. */
  VERIFIER,
  /** Scans the engagement, sends Identify, then presents or rejects. */
  WALLET;

  /** The other party. */
  public Role peer() {
    return this == VERIFIER ? WALLET : VERIFIER;
  }
}
