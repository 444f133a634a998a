/**
 * BlueZ as the GATT backend of the BLE transport, over D-Bus with dbus-java: {@link io.proxima.ble.bluez.BluezPeripheral} registers the verifier's GATT application and advertisement, {@link io.proxima.ble.bluez.BluezCentral} discovers, connects and subscribes as the wallet. The bus address is injectable (system bus by default; unix or TCP addresses), and nothing needs file-descriptor passing.
 */
@NullMarked
package io.proxima.ble.bluez;

import org.jspecify.annotations.NullMarked;
