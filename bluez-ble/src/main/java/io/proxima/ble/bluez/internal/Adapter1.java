package io.proxima.ble.bluez.internal;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.Adapter1} (doc/*-api.txt of BlueZ 5.66); properties go through {@code Properties}. */
@DBusInterfaceName("org.bluez.Adapter1")
public interface Adapter1 extends DBusInterface {
  void StartDiscovery();

  void StopDiscovery();

  void SetDiscoveryFilter(Map<String, Variant<?>> filter);

  void RemoveDevice(DBusPath device);
}
