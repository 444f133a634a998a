package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * A frame could not be decrypted: wrong key, tampered ciphertext or tag, or too short. Frames
 * from third parties on a shared MQTT topic fail this way; a session normally ignores them.
 */
public final class DecryptionException extends CryptoException {

  private static final long serialVersionUID = 1L;

  public DecryptionException(String message, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(message, sessionId, cause);
  }
}
