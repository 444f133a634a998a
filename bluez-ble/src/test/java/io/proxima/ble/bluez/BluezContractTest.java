package io.proxima.ble.bluez;

import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattLinkContract;
import io.proxima.ble.gatt.GattPeripheral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The GATT-link contract over BlueZ on D-Bus, through the test service on a private bus. */
class BluezContractTest extends GattLinkContract {

  private PrivateBus bus;
  private FakeBluez bluez;

  @BeforeEach
  void startBus() throws Exception {
    bus = PrivateBus.unix();
    bluez = FakeBluez.start(bus.address());
  }

  @AfterEach
  void stopBus() throws Exception {
    bluez.close();
    bus.close();
  }

  @Override
  protected GattPeripheral peripheral() {
    return BluezPeripheral.create().busAddress(bus.address()).adapter("hci0");
  }

  @Override
  protected GattCentral central(int mtu) {
    bluez.mtu(mtu);
    return BluezCentral.create().busAddress(bus.address()).adapter("hci1");
  }
}
