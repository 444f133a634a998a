package io.proxima.message;

import io.proxima.crypto.internal.Randomness;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one presentation session in logs, errors and metrics. Over MQTT it is the topic id
 * of PROTOCOL.md §1. It is public information (it is in the QR code), never a secret.
 *
 * @param uuid the identifier; its string form is always lowercase (the peer lowercases topic ids)
 */
public record SessionId(UUID uuid) {

  public SessionId {
    Objects.requireNonNull(uuid, "uuid");
  }

  /**
   * A fresh random (version 4) session id. Unlike {@link UUID#randomUUID()} it does no file I/O,
   * so it is safe on event-loop threads.
   */
  public static SessionId random() {
    byte[] b = Randomness.bytes(16);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new SessionId(new UUID(buf.getLong(), buf.getLong()));
  }

  /** The session id for a UUID. */
  public static SessionId of(UUID uuid) {
    return new SessionId(uuid);
  }

  /** Lowercase hyphenated form, as used in MQTT topics. */
  @Override
  public String toString() {
    return uuid.toString();
  }
}
