package io.proxima.ble.chunk;

import java.util.Arrays;
import java.util.Optional;

/**
 * One chunk of a message on the wire (PROTOCOL.md §5):
 *
 * <pre>
 *   index (u16 BE, from 1) || payload || crc16 (u16 BE, CRC-16/IBM-3740 over index and payload)
 * </pre>
 *
 * Example: chunk 1 with payload {@code deadbeef} is {@code 0001 deadbeef 6016}.
 *
 * @param index 1..65535
 * @param payload the bytes it carries (copied in and out)
 */
public record Chunk(int index, byte[] payload) {

  /** Bytes a chunk adds to its payload: index and CRC. */
  public static final int OVERHEAD = 4;
  /** The largest chunk index, and so the largest number of chunks in a message. */
  public static final int MAX_INDEX = 0xFFFF;

  public Chunk {
    if (index < 1 || index > MAX_INDEX) {
      throw new IllegalArgumentException("chunk index must be within 1..65535, got " + index);
    }
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length. */
  public int size() {
    return payload.length;
  }

  /** The wire bytes. */
  public byte[] encode() {
    byte[] out = new byte[payload.length + OVERHEAD];
    out[0] = (byte) (index >>> 8);
    out[1] = (byte) index;
    System.arraycopy(payload, 0, out, 2, payload.length);
    int crc = Crc16.compute(out, 0, payload.length + 2);
    out[out.length - 2] = (byte) (crc >>> 8);
    out[out.length - 1] = (byte) crc;
    return out;
  }

  /**
   * Decodes wire bytes. Empty when the bytes cannot be a chunk: shorter than index and CRC, index
   * 0, or a CRC that does not match. A receiver counts such a chunk as missing (never as fatal):
   * its index cannot be trusted.
   */
  public static Optional<Chunk> decode(byte[] wire) {
    if (wire.length < OVERHEAD) {
      return Optional.empty();
    }
    int crc = ((wire[wire.length - 2] & 0xFF) << 8) | (wire[wire.length - 1] & 0xFF);
    if (crc != Crc16.compute(wire, 0, wire.length - 2)) {
      return Optional.empty();
    }
    int index = ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
    if (index == 0) {
      return Optional.empty();
    }
    return Optional.of(new Chunk(index, Arrays.copyOfRange(wire, 2, wire.length - 2)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Chunk other && index == other.index && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(payload);
  }

  /** Index and size only: the payload is ciphertext and stays out of logs anyway. */
  @Override
  public String toString() {
    return "Chunk[" + index + ", " + payload.length + " bytes]";
  }
}
