package io.proxima.ble.chunk;

import io.proxima.error.FrameTooLargeException;
import io.proxima.message.SessionId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects the chunks of one message whose chunk count was announced (Request Size or Content
 * Size). Accepts chunks in any order and any number of times; a chunk whose CRC does not match
 * is not fatal, it stays missing. {@link #missing()} lists every index not yet received,
 * including the last one (PROTOCOL.md §7: the peer forgets the last). Not thread-safe.
 */
public final class Reassembler {

  /** What became of one received chunk. */
  public enum Outcome {
    /** A new chunk, stored. */
    ACCEPTED,
    /** A chunk already received; ignored. */
    DUPLICATE,
    /** Bad CRC or too short: counted as missing. */
    CORRUPT,
    /** An index above the announced count; ignored. */
    OUT_OF_RANGE
  }

  private final int expected;
  private final int maxBytes;
  private final @Nullable SessionId sessionId;
  private final byte[][] parts;
  private int received;
  private long bytes;
  private int corrupt;

  /**
   * @param expected the announced number of chunks, 1..65535
   * @param maxBytes the largest message accepted
   */
  public Reassembler(int expected, int maxBytes, @Nullable SessionId sessionId) {
    if (expected < 1 || expected > Chunk.MAX_INDEX) {
      throw new IllegalArgumentException("chunk count must be within 1..65535, got " + expected);
    }
    this.expected = expected;
    this.maxBytes = maxBytes;
    this.sessionId = sessionId;
    this.parts = new byte[expected][];
  }

  public int expected() {
    return expected;
  }

  /** How many chunks failed their CRC so far. */
  public int corruptCount() {
    return corrupt;
  }

  /**
   * Takes one chunk as received on the wire.
   *
   * @throws FrameTooLargeException when the chunks received add up to more than the cap
   */
  public Outcome accept(byte[] wire) {
    var decoded = Chunk.decode(wire);
    if (decoded.isEmpty()) {
      corrupt++;
      return Outcome.CORRUPT;
    }
    Chunk chunk = decoded.get();
    if (chunk.index() > expected) {
      return Outcome.OUT_OF_RANGE;
    }
    if (parts[chunk.index() - 1] != null) {
      return Outcome.DUPLICATE;
    }
    bytes += chunk.size();
    if (bytes > maxBytes) {
      throw new FrameTooLargeException(bytes, maxBytes, sessionId);
    }
    parts[chunk.index() - 1] = chunk.payload();
    received++;
    return Outcome.ACCEPTED;
  }

  public boolean isComplete() {
    return received == expected;
  }

  /** Indices not yet received, ascending; the last chunk included. */
  public List<Integer> missing() {
    List<Integer> out = new ArrayList<>(expected - received);
    for (int i = 0; i < expected; i++) {
      if (parts[i] == null) {
        out.add(i + 1);
      }
    }
    return out;
  }

  /**
   * The message.
   *
   * @throws IllegalStateException unless complete
   */
  public byte[] assemble() {
    if (!isComplete()) {
      throw new IllegalStateException("message incomplete: " + (expected - received) + " of " + expected + " chunks missing");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes);
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
