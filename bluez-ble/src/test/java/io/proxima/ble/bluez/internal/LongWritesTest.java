package io.proxima.ble.bluez.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattPeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long writes put back together as bluetoothd hands them over: one WriteValue per prepared piece. */
class LongWritesTest {

  final List<String> late = new ArrayList<>();
  final LongWrites writes = new LongWrites((peer, c, value) -> late.add(c + " " + value.length + " from " + peer.device()));
  final GattPeer wallet = new GattPeer("/org/bluez/hci0/dev_00_AA_01_01_00_01", 23);

  static byte[] bytes(int n, int from) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  @Test
  void piecesOfMtuMinus5AtTheirOffsetsMakeOneValueEndedByAShorterPiece() {
    // A 45-byte Identify at MTU 23: pieces of 18, 18 and 9 bytes at offsets 0, 18 and 36.
    assertThat(writes.piece(wallet, Characteristic.IDENTIFY, bytes(18, 0), 0).value()).isNull();
    assertThat(writes.piece(wallet, Characteristic.IDENTIFY, bytes(18, 18), 18).value()).isNull();
    LongWrites.Result last = writes.piece(wallet, Characteristic.IDENTIFY, bytes(9, 36), 36);
    assertThat(last.value()).isEqualTo(bytes(45, 0));
    assertThat(last.error()).isNull();
    assertThat(late).isEmpty();
  }

  @Test
  void aShortWriteIsDeliveredAtOnce() {
    assertThat(writes.piece(wallet, Characteristic.CONTENT_SIZE, new byte[] {0, 3}, 0).value()).containsExactly(0, 3);
    assertThat(writes.piece(wallet, Characteristic.IDENTIFY, bytes(17, 0), 0).value()).hasSize(17);
  }

  @Test
  void aWriteOfExactlyMtuMinus5IsHeldUntilTheCentralDoesSomethingElse() {
    assertThat(writes.piece(wallet, Characteristic.IDENTIFY, bytes(18, 0), 0).value()).isNull();
    writes.finish(wallet);
    assertThat(late).containsExactly("Identify 18 from " + wallet.device());
  }

  @Test
  void aHeldValueEndsWhenTheSameCentralWritesAnew() {
    assertThat(writes.piece(wallet, Characteristic.TRANSFER_SUMMARY_REQUEST, bytes(18, 0), 0).value()).isNull();
    assertThat(writes.piece(wallet, Characteristic.CONTENT_SIZE, new byte[] {0, 1}, 0).value()).hasSize(2);
    assertThat(late).containsExactly("Transfer Summary Request 18 from " + wallet.device());
  }

  @Test
  void piecesWithoutWriteRequestsAreNeverHeld() {
    // Submit VC takes write commands only, which are never long.
    assertThat(writes.piece(wallet, Characteristic.SUBMIT_VC, bytes(18, 0), 0).value()).hasSize(18);
  }

  @Test
  void anOffsetThatContinuesNothingIsInvalidOffset() {
    LongWrites.Result r = writes.piece(wallet, Characteristic.IDENTIFY, bytes(9, 36), 36);
    assertThat(r.value()).isNull();
    assertThat(r.error()).isInstanceOf(org.bluez.Error.InvalidOffset.class);
    writes.piece(wallet, Characteristic.IDENTIFY, bytes(18, 0), 0);
    assertThat(writes.piece(wallet, Characteristic.IDENTIFY, bytes(9, 36), 36).error()).as("a gap").isInstanceOf(org.bluez.Error.InvalidOffset.class);
  }

  @Test
  void centralsAreKeptApartAndAGoneOneIsForgotten() {
    GattPeer other = new GattPeer("/org/bluez/hci0/dev_00_AA_01_02_00_02", 23);
    writes.piece(wallet, Characteristic.IDENTIFY, bytes(18, 0), 0);
    writes.piece(other, Characteristic.IDENTIFY, bytes(18, 100), 0);
    assertThat(writes.piece(other, Characteristic.IDENTIFY, bytes(2, 118), 18).value()).isEqualTo(bytes(20, 100));
    writes.forget(wallet.device());
    writes.finish(wallet);
    assertThat(late).isEmpty();
  }
}
