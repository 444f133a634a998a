package io.proxima.ble.chunk;

/**
 * ATT MTU arithmetic (PROTOCOL.md §5): a chunk's payload is {@code MTU - 7} bytes, so that the
 * chunk ({@code MTU - 3}) fits one notification or one write without response, whose ATT header
 * takes 3 bytes. An attribute value holds at most 512 bytes, so MTUs above 512 are used as 512.
 */
public final class Mtu {

  /** The smallest MTU of BLE, and the one assumed when a link does not say. */
  public static final int MIN = 23;
  /** The MTU the wallet asks for, and the largest one used for chunking. */
  public static final int MAX = 512;
  /** Bytes of the ATT header of a notification or a write command. */
  public static final int ATT_HEADER = 3;

  private Mtu() {}

  /** The MTU used for chunking: {@code mtu} clamped to 23..512. */
  public static int effective(int mtu) {
    return Math.max(MIN, Math.min(MAX, mtu));
  }

  /** Payload bytes per chunk at this MTU. */
  public static int payloadSize(int mtu) {
    return effective(mtu) - ATT_HEADER - Chunk.OVERHEAD;
  }

  /** The largest value one notification or write command carries at this MTU. */
  public static int maxValue(int mtu) {
    return effective(mtu) - ATT_HEADER;
  }
}
