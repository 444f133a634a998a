package io.proxima.ble.bluez;

/** {@link BluezBehaviourContract} against the test service: it must do what bluetoothd does. */
class FakeBluezBehaviourTest extends BluezBehaviourContract {

  private PrivateBus bus;
  private FakeBluez bluez;

  @Override
  String start() throws Exception {
    bus = PrivateBus.tcp();
    bluez = FakeBluez.start(bus.address());
    return bus.address();
  }

  @Override
  void stop() throws Exception {
    bluez.close();
    bus.close();
  }
}
