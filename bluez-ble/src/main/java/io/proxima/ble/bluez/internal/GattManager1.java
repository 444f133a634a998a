package io.proxima.ble.bluez.internal;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.GattManager1} (doc/*-api.txt of BlueZ 5.66); properties go through {@code Properties}. */
@DBusInterfaceName("org.bluez.GattManager1")
public interface GattManager1 extends DBusInterface {
  void RegisterApplication(DBusPath application, Map<String, Variant<?>> options);

  void UnregisterApplication(DBusPath application);
}
