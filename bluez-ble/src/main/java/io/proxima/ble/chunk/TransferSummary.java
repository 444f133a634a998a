package io.proxima.ble.chunk;

import io.proxima.error.MalformedFrameException;
import io.proxima.message.SessionId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of Transfer Summary Request (0009) and Transfer Summary Report (000A), PROTOCOL.md §5:
 * a list of chunk indices, each u16 BE, no checksum. Empty means "complete" (or, from the side
 * that asks, "send me your summary").
 */
public final class TransferSummary {

  private TransferSummary() {}

  public static byte[] encode(List<Integer> indices) {
    byte[] out = new byte[indices.size() * 2];
    for (int i = 0; i < indices.size(); i++) {
      int index = indices.get(i);
      if (index < 1 || index > Chunk.MAX_INDEX) {
        throw new IllegalArgumentException("chunk index must be within 1..65535, got " + index);
      }
      out[2 * i] = (byte) (index >>> 8);
      out[2 * i + 1] = (byte) index;
    }
    return out;
  }

  /**
   * Decodes a list of indices.
   *
   * @throws MalformedFrameException with field {@code transferSummary.length} for an odd length
   */
  public static List<Integer> decode(byte[] body, @Nullable SessionId sessionId) {
    if (body.length % 2 != 0) {
      throw new MalformedFrameException("transferSummary.length", "must be even (u16 indices), got " + body.length, sessionId);
    }
    List<Integer> out = new ArrayList<>(body.length / 2);
    for (int i = 0; i < body.length; i += 2) {
      out.add(((body[i] & 0xFF) << 8) | (body[i + 1] & 0xFF));
    }
    return out;
  }

  /**
   * The first indices of {@code missing} that fit into a value of {@code maxBytes}; the rest are
   * reported in a later round. Needed because a notification carries at most MTU - 3 bytes.
   */
  public static List<Integer> fit(List<Integer> missing, int maxBytes) {
    int n = Math.max(1, maxBytes / 2);
    return missing.size() <= n ? missing : List.copyOf(missing.subList(0, n));
  }
}
