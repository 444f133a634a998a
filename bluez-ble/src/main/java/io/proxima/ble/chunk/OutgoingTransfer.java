package io.proxima.ble.chunk;

import io.proxima.ble.ChunkTransferException;
import io.proxima.message.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The sender's side of one chunked message: the chunks, and the resend rounds the receiver's
 * transfer summaries ask for, bounded by {@link ChunkLimits#maxResendRounds()}. Not thread-safe.
 */
public final class OutgoingTransfer {

  private final List<Chunk> chunks;
  private final ChunkLimits limits;
  private final @Nullable SessionId sessionId;
  private final String what;
  private int rounds;
  private int resent;

  /**
   * @param what what is being sent, for error messages (e.g. {@code request})
   * @throws io.proxima.error.FrameTooLargeException if the message is over the cap
   */
  public OutgoingTransfer(String what, byte[] message, int mtu, ChunkLimits limits, @Nullable SessionId sessionId) {
    this.chunks = Chunker.split(message, mtu, limits, sessionId);
    this.limits = limits;
    this.sessionId = sessionId;
    this.what = what;
  }

  public List<Chunk> chunks() {
    return chunks;
  }

  public int count() {
    return chunks.size();
  }

  /** Resend rounds started so far. */
  public int rounds() {
    return rounds;
  }

  /** Chunks sent again so far. */
  public int resentChunks() {
    return resent;
  }

  /**
   * The chunks to send again for a summary that reports {@code missing}. Indices outside the
   * message are ignored; duplicates are sent once. An empty result means the transfer is done.
   *
   * @throws ChunkTransferException when more rounds are asked for than allowed
   */
  public List<Chunk> resend(List<Integer> missing) {
    TreeSet<Integer> wanted = new TreeSet<>();
    for (int index : missing) {
      if (index >= 1 && index <= chunks.size()) {
        wanted.add(index);
      }
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    if (++rounds > limits.maxResendRounds()) {
      throw new ChunkTransferException(what, new ArrayList<>(wanted), chunks.size(), "receiver still misses chunks after " + limits.maxResendRounds() + " resend rounds", sessionId);
    }
    List<Chunk> out = new ArrayList<>(wanted.size());
    for (int index : wanted) {
      out.add(chunks.get(index - 1));
    }
    resent += out.size();
    return out;
  }
}
