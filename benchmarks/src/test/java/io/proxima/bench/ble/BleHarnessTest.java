package io.proxima.bench.ble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The BLE transfer and its ideal do what the benchmark claims, and the ideal's arithmetic holds. */
class BleHarnessTest {

  @ParameterizedTest
  @ValueSource(ints = {23, 185, 512})
  void aTransferDeliversBothMessagesWithAtLeastTheIdealOperations(int mtu) {
    try (BleTransfer t = BleTransfer.open(mtu)) {
      assertThat(t.transfer()).isEqualTo(BleTransfer.SUBMISSION_SIZE);
      CountingCentral.Counts c = t.counts();
      assertThat(c.roundTrips()).isGreaterThanOrEqualTo(BleTransfer.idealRoundTrips(mtu));
      assertThat(c.writeCommands()).isEqualTo(BleTransfer.idealWriteCommands(mtu));
      assertThat(c.notifications()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {23, 185, 512})
  void theIdealLinkCarriesExactlyTheIdealOperations(int mtu) {
    try (IdealLink link = IdealLink.open(mtu)) {
      for (int i = 0; i < 3; i++) {
        assertThat(link.run()).isEqualTo(BleTransfer.idealRoundTrips(mtu) + BleTransfer.idealWriteCommands(mtu) + 2);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void chunkArithmeticFollowsTheProtocol() {
    // PROTOCOL.md §5: payload = MTU - 7; 1,536 B at MTU 23 are 96 chunks of 16 B, 8 KB are 512.
    assertThat(BleTransfer.chunks(1536, 23)).isEqualTo(96);
    assertThat(BleTransfer.idealRoundTrips(23)).isEqualTo(101);
    assertThat(BleTransfer.idealWriteCommands(23)).isEqualTo(512);
    assertThat(BleTransfer.chunks(8192, 185)).isEqualTo(47);
    assertThat(BleTransfer.chunks(1536, 512)).isEqualTo(4);
    assertThat(BleTransfer.chunks(8192, 517)).isEqualTo(17);
  }
}
