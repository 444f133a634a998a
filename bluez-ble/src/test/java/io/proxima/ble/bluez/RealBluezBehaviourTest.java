package io.proxima.ble.bluez;

import io.proxima.ble.testing.RealBluez;
import io.proxima.ble.testing.RealBluezExtension;

/** {@link BluezBehaviourContract} against the real bluetoothd 5.66: where the findings come from. */
@RealBluez
class RealBluezBehaviourTest extends BluezBehaviourContract {

  @Override
  String start() {
    return RealBluezExtension.current().address();
  }

  @Override
  void stop() {
    // The VM stays up for the other tests of this JVM.
  }
}
