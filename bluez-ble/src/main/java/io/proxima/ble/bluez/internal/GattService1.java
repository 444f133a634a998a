package io.proxima.ble.bluez.internal;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.GattService1} (doc/*-api.txt of BlueZ 5.66); properties go through {@code Properties}. */
@DBusInterfaceName("org.bluez.GattService1")
public interface GattService1 extends DBusInterface {

}
