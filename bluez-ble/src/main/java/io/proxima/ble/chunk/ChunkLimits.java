package io.proxima.ble.chunk;

/**
 * The bounds that make a transfer safe against a peer that misbehaves.
 *
 * @param maxMessageBytes the largest message this side sends or accepts, in bytes; the count of
 *     chunks is capped at {@link Chunk#MAX_INDEX} in any case
 * @param maxResendRounds how many transfer-summary rounds may report missing chunks before the
 *     transfer fails (the first complete pass is not a resend round)
 */
public record ChunkLimits(int maxMessageBytes, int maxResendRounds) {

  /** Default message cap: 1 MiB, as the other transports. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
  /** Default resend rounds. */
  public static final int DEFAULT_MAX_RESEND_ROUNDS = 16;
  /** Defaults. */
  public static final ChunkLimits DEFAULT = new ChunkLimits(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_RESEND_ROUNDS);

  public ChunkLimits {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
    if (maxResendRounds < 0) {
      throw new IllegalArgumentException("maxResendRounds must not be negative");
    }
  }
}
