package io.proxima.bench.ble;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the GATT operations of one {@link BleTransfer} per MTU: deterministic (no loss), so it
 * runs once, outside JMH. The report divides the measured round trips by {@link
 * BleTransfer#idealRoundTrips}.
 */
public final class BleRoundTrips {

  /** The MTUs of issue 6. */
  public static final List<Integer> MTUS = List.of(23, 185, 512);

  /**
   * One MTU's counts.
   *
   * @param roundTrips reads and writes with response the wallet waited for
   * @param idealRoundTrips the fewest a transfer needs
   * @param writeCommands Submit VC writes without response
   * @param idealWriteCommands submission chunks
   * @param notifications notifications the wallet received
   */
  public record Count(int mtu, int roundTrips, int idealRoundTrips, int writeCommands, int idealWriteCommands, int notifications) {}

  private BleRoundTrips() {}

  /** One transfer at each MTU of {@link #MTUS}. Blocking. */
  public static List<Count> measure() {
    List<Count> counts = new ArrayList<>();
    for (int mtu : MTUS) {
      try (BleTransfer t = BleTransfer.open(mtu)) {
        t.transfer();
        CountingCentral.Counts c = t.counts();
        counts.add(
            new Count(mtu, c.roundTrips(), BleTransfer.idealRoundTrips(mtu), c.writeCommands(), BleTransfer.idealWriteCommands(mtu), c.notifications()));
      }
    }
    return counts;
  }
}
