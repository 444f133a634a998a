package io.proxima.message;

/** The two layouts of the Identify message (PROTOCOL.md §2.3). */
public enum IdentifyVersion {
  /** Legacy, 44 bytes: {@code wallet_pub(32) || nonce(12)}. The verifier answers with a V1 request. */
  V1(44),
  /** Current, 45 bytes: {@code wallet_pub(32) || nonce(12) || 0x02}. */
  V2(45);

  private final int length;

  IdentifyVersion(int length) {
    this.length = length;
  }

  /** Encoded length in bytes. */
  public int length() {
    return length;
  }
}
