package io.proxima.ble.bluez;

import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.GattLinkContract;
import io.proxima.ble.gatt.GattPeripheral;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.ble.testing.BluezAdmin;
import io.proxima.ble.testing.RealBluez;
import io.proxima.ble.testing.RealBluezExtension;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The GATT-link contract over the real bluetoothd 5.66 (hci0 serves, hci1 connects; MTU 517). */
@RealBluez
class RealBluezContractTest extends GattLinkContract {

  private String address;
  private BluezAdmin admin;

  @BeforeEach
  void isolate() {
    address = RealBluezExtension.current().address();
    admin = BluezAdmin.connect(address);
    admin.reset();
  }

  @AfterEach
  void release() {
    admin.close();
  }

  @Override
  protected GattPeripheral peripheral() {
    return BluezPeripheral.create().busAddress(address).adapter("hci0");
  }

  @Override
  protected GattCentral central(int mtu) {
    return BluezCentral.create().busAddress(address).adapter("hci1");
  }

  @Override
  protected int expectedMtu(int requested) {
    return 517;
  }

  /** Scan first, then advertise: btvirt reports an advertiser only when one of the two starts. */
  @Override
  protected Link link(GattServerHandler handler, int mtu) {
    BleEndpoint endpoint = BleEndpoint.random();
    CompletableFuture<GattClient> client = central(mtu).connect(SessionId.random(), endpoint).toFuture();
    GattServer server = null;
    try {
      admin.awaitDiscovering("hci1");
      server = peripheral().open(SessionId.random(), endpoint, handler).block(WAIT);
      return new Link(server, client.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      client.cancel(true);
      if (server != null) {
        server.close().block(WAIT);
      }
      throw new IllegalStateException("no link", e);
    }
  }
}
