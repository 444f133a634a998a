package io.proxima.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.UUID;

/**
 * The envelope older peers wrapped around every MQTT payload (PROTOCOL.md §4):
 *
 * <pre>
 *   u64le(16) || sender_uuid(16) || u64le(payload length) || payload
 * </pre>
 *
 * Proxima sends raw payloads and strips the envelope on receive.
 */
public final class LegacyEnvelope {

  /** Bytes before the payload. */
  public static final int HEADER_LENGTH = 32;

  private static final long UUID_LENGTH = 16;

  private LegacyEnvelope() {}

  /**
   * Whether {@code bytes} is an envelope: the first 8 bytes are 16 little-endian and the length
   * field equals the number of bytes that follow the header.
   */
  public static boolean isEnveloped(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH) {
      return false;
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    return header.getLong(0) == UUID_LENGTH && header.getLong(24) == bytes.length - HEADER_LENGTH;
  }

  /** The payload inside an envelope, or {@code bytes} itself when it is not enveloped. */
  public static byte[] strip(byte[] bytes) {
    return isEnveloped(bytes) ? Arrays.copyOfRange(bytes, HEADER_LENGTH, bytes.length) : bytes;
  }

  /** Wraps a payload the way older peers did; for tests and for talking to such peers. */
  public static byte[] wrap(UUID sender, byte[] payload) {
    return ByteBuffer.allocate(HEADER_LENGTH + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(UUID_LENGTH)
        .order(ByteOrder.BIG_ENDIAN)
        .putLong(sender.getMostSignificantBits())
        .putLong(sender.getLeastSignificantBits())
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(payload.length)
        .put(payload)
        .array();
  }
}
