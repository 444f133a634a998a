package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * A second encryption in the same direction of a draft00 session was refused: it would reuse the
 * key and the fixed GCM IV of PROTOCOL.md §2.5, which breaks AES-GCM.
 */
public final class NonceReuseException extends CryptoException {

  private static final long serialVersionUID = 1L;

  public NonceReuseException(String message, @Nullable SessionId sessionId) {
    super(message, sessionId, null);
  }
}
