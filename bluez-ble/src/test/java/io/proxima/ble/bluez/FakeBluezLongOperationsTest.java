package io.proxima.ble.bluez;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.bluez.ProbeApplication.Chr;
import io.proxima.ble.testing.BluezAdmin;
import io.proxima.engagement.BleEndpoint;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the test service does at small MTUs, where bluetoothd splits writes and reads: taken from
 * the BlueZ 5.66 sources (src/gatt-client.c, src/shared/gatt-client.c, src/shared/gatt-server.c),
 * because the two btvirt controllers of the bluez-vm guest always negotiate MTU 517, where no
 * long write or long read of an acceptable length happens.
 */
class FakeBluezLongOperationsTest {

  PrivateBus bus;
  FakeBluez bluez;
  ProbeApplication app;
  RawCentral central;

  @BeforeEach
  void linkAtMtu23() throws Exception {
    bus = PrivateBus.unix();
    bluez = FakeBluez.start(bus.address());
    bluez.mtu(23);
    String name = BleEndpoint.random().name();
    app = ProbeApplication.register(bus.address(), "hci0", name);
    central = new RawCentral(bus.address(), "hci1");
    central.startDiscovery();
    app.advertise();
    central.awaitDevice(name);
    central.adapter().StopDiscovery();
    central.connect(ProbeApplication.SERVICE_UUID);
  }

  @AfterEach
  void unlink() throws Exception {
    central.close();
    app.close();
    bluez.close();
    bus.close();
  }

  static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  @Test
  void aWriteRequestLongerThanMtuMinus3ArrivesAsPiecesOfMtuMinus5AtTheirOffsets() {
    assertThat(central.write(Chr.RW, counting(45), "request").ok()).isTrue();
    assertThat(app.calls("WriteValue", Chr.RW)).satisfiesExactly(
        c -> {
          assertThat(c.value()).isEqualTo(Arrays.copyOfRange(counting(45), 0, 18));
          assertThat(c.options()).doesNotContainKey("offset");
        },
        c -> {
          assertThat(c.value()).isEqualTo(Arrays.copyOfRange(counting(45), 18, 36));
          assertThat(c.options()).containsEntry("offset", 18);
        },
        c -> {
          assertThat(c.value()).isEqualTo(Arrays.copyOfRange(counting(45), 36, 45));
          assertThat(c.options()).containsEntry("offset", 36);
        });
  }

  @Test
  void aPieceRefusedByTheApplicationFailsTheWholeWrite() {
    app.failNext(Chr.RW, () -> new org.bluez.Error.InvalidValueLength("no"));
    assertThat(central.write(Chr.RW, counting(30), "request")).hasToString("org.bluez.Error.InvalidArguments: Invalid Length");
    assertThat(app.calls("WriteValue", Chr.RW)).hasSize(1);
  }

  @Test
  void aReadLongerThanMtuMinus1ContinuesWithBlobReadsAtOffsets() {
    app.value(Chr.RW, counting(50));
    assertThat(central.read(Chr.RW).value()).isEqualTo(counting(50));
    assertThat(app.calls("ReadValue", Chr.RW)).extracting(c -> c.options().get("offset")).containsExactly(null, 22, 44);
  }

  @Test
  void writeCommandsAndNotificationsAreCutAtMtuMinus3() throws Exception {
    assertThat(central.write(Chr.COMMAND, counting(21), "command")).hasToString("org.bluez.Error.Failed: Failed to initiate write");
    assertThat(central.write(Chr.COMMAND, counting(20), "command").ok()).isTrue();
    central.chr(Chr.RW).StartNotify();
    BluezAdmin.await(() -> !app.calls("StartNotify", Chr.RW).isEmpty(), "StartNotify");
    app.notify(Chr.RW, counting(40));
    BluezAdmin.await(() -> !central.notes.isEmpty(), "a notification");
    assertThat(central.notes.get(0).value()).isEqualTo(counting(20));
  }
}
