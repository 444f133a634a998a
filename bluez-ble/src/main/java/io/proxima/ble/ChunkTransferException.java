package io.proxima.ble;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A chunked transfer over BLE could not be completed; names the chunks that were still missing. */
public final class ChunkTransferException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final String message;
  private final List<Integer> missingChunks;
  private final int totalChunks;

  /**
   * @param message what was being transferred, e.g. {@code request} or {@code submission}
   * @param missingChunks the indices still missing (at most the first 32 appear in the message)
   */
  public ChunkTransferException(String message, List<Integer> missingChunks, int totalChunks, String reason, @Nullable SessionId sessionId) {
    super(message + " transfer failed: " + reason + "; missing " + missingChunks.size() + " of " + totalChunks + " chunks " + preview(missingChunks), sessionId, null);
    this.message = message;
    this.missingChunks = List.copyOf(missingChunks);
    this.totalChunks = totalChunks;
  }

  /** What was being transferred: {@code request} or {@code submission}. */
  public String transferredMessage() {
    return message;
  }

  /** Indices of the chunks still missing when the transfer failed, ascending. */
  public List<Integer> missingChunks() {
    return missingChunks;
  }

  public int totalChunks() {
    return totalChunks;
  }

  private static String preview(List<Integer> missing) {
    return missing.size() <= 32 ? missing.toString() : missing.subList(0, 32) + "...";
  }
}
