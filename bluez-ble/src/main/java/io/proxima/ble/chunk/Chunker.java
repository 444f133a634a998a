package io.proxima.ble.chunk;

import io.proxima.error.FrameTooLargeException;
import io.proxima.message.SessionId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Splits a message into chunks (PROTOCOL.md §5). */
public final class Chunker {

  private Chunker() {}

  /**
   * The chunks of {@code message} at {@code mtu}, indices from 1. An empty message has no chunks.
   *
   * @throws FrameTooLargeException if the message exceeds {@link ChunkLimits#maxMessageBytes()}
   *     or would need more than 65535 chunks at this MTU
   */
  public static List<Chunk> split(byte[] message, int mtu, ChunkLimits limits, @Nullable SessionId sessionId) {
    if (message.length > limits.maxMessageBytes()) {
      throw new FrameTooLargeException(message.length, limits.maxMessageBytes(), sessionId);
    }
    int size = Mtu.payloadSize(mtu);
    long count = (message.length + (long) size - 1) / size;
    if (count > Chunk.MAX_INDEX) {
      throw new FrameTooLargeException(message.length, (long) size * Chunk.MAX_INDEX, sessionId);
    }
    List<Chunk> chunks = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int from = i * size;
      chunks.add(new Chunk(i + 1, Arrays.copyOfRange(message, from, Math.min(message.length, from + size))));
    }
    return chunks;
  }
}
