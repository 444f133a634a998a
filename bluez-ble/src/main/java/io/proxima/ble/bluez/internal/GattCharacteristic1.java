package io.proxima.ble.bluez.internal;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.GattCharacteristic1} (doc/*-api.txt of BlueZ 5.66); properties go through {@code Properties}. */
@DBusInterfaceName("org.bluez.GattCharacteristic1")
public interface GattCharacteristic1 extends DBusInterface {
  byte[] ReadValue(Map<String, Variant<?>> options);

  void WriteValue(byte[] value, Map<String, Variant<?>> options);

  void StartNotify();

  void StopNotify();
}
