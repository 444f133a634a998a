package io.proxima.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One protocol message as it travels over a transport: a {@link FrameKind} and its bytes.
 *
 * <p>Immutable: the bytes are copied in and copied out. Apart from {@link FrameKind#IDENTIFY} the
 * payload is ciphertext, so {@link #toString()} shows only the kind and the size.
 */
public final class Frame {

  private final FrameKind kind;
  private final byte[] payload;

  private Frame(FrameKind kind, byte[] payload) {
    this.kind = kind;
    this.payload = payload;
  }

  /** A frame of this kind holding a copy of {@code payload}. */
  public static Frame of(FrameKind kind, byte[] payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return new Frame(kind, payload.clone());
  }

  /** A frame of this kind holding a copy of the remaining bytes of {@code payload}. */
  public static Frame of(FrameKind kind, ByteBuffer payload) {
    Objects.requireNonNull(kind, "kind");
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    return new Frame(kind, bytes);
  }

  /** A frame with no payload (BLE rejection, Disconnect). */
  public static Frame empty(FrameKind kind) {
    return new Frame(Objects.requireNonNull(kind, "kind"), new byte[0]);
  }

  public FrameKind kind() {
    return kind;
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload as a read-only view, without copying. */
  public ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(payload).asReadOnlyBuffer();
  }

  /** Payload length in bytes. */
  public int size() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame other && kind == other.kind && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Frame[" + kind + ", " + payload.length + " bytes]";
  }
}
