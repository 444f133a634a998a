package io.proxima.ble.gatt;

/** The GATT-link contract over the in-memory air. */
class InMemoryAirContractTest extends GattLinkContract {

  private final InMemoryAir air = InMemoryAir.create();

  @Override
  protected GattPeripheral peripheral() {
    return air.peripheral();
  }

  @Override
  protected GattCentral central(int mtu) {
    return air.central(GattFaults.none().withMtu(mtu));
  }
}
