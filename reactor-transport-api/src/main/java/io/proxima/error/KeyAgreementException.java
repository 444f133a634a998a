package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * X25519 key agreement failed: the peer's public key has the wrong length or is a low-order point
 * that makes the shared secret all zeros (PROTOCOL.md §2; RFC 7748 §6.1).
 */
public final class KeyAgreementException extends CryptoException {

  private static final long serialVersionUID = 1L;

  public KeyAgreementException(String message, @Nullable SessionId sessionId) {
    super(message, sessionId, null);
  }
}
