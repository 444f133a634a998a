/**
 * The D-Bus side of the BlueZ backend: BlueZ's interfaces as dbus-java interfaces, the exported GATT application and advertisement, the registered server and the connected client, and the plumbing (connections, the blocking scheduler, error mapping). Not API.
 */
@NullMarked
package io.proxima.ble.bluez.internal;

import org.jspecify.annotations.NullMarked;
