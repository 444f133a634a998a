package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.Adapter1;
import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.bluez.internal.Device1;
import io.proxima.ble.bluez.internal.GattCharacteristic1;
import io.proxima.ble.testing.BluezAdmin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * A raw GATT central on one adapter, driving BlueZ's D-Bus API directly (no transport code), for
 * pinning what BlueZ does. Blocking; test thread only.
 */
final class RawCentral implements AutoCloseable {

  /** The outcome of a call: a value, or the D-Bus error BlueZ answered with. */
  record Outcome(byte[] value, String error, String message) {
    static Outcome ok(byte[] value) {
      return new Outcome(value, "", "");
    }

    boolean ok() {
      return error.isEmpty();
    }

    @Override
    public String toString() {
      return ok() ? "ok(" + value.length + " bytes)" : error + ": " + message;
    }
  }

  /** A notification: a PropertiesChanged of Value on a characteristic. */
  record Note(String path, byte[] value) {}

  final DBusConnection connection;
  final String adapterPath;
  final List<Note> notes = new CopyOnWriteArrayList<>();
  final List<String> removed = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> handlers = new CopyOnWriteArrayList<>();
  String device = "";
  final Map<String, String> chars = new LinkedHashMap<>();

  RawCentral(String address, String adapter) throws DBusException {
    this.connection = Dbus.connect(address);
    this.adapterPath = "/org/bluez/" + adapter;
    handlers.add(connection.addSigHandler(Properties.PropertiesChanged.class, s -> {
      // Only BlueZ's objects under a device: an application's own PropertiesChanged is on the bus too.
      if (Dbus.GATT_CHARACTERISTIC.equals(s.getInterfaceName()) && s.getPath().startsWith(adapterPath + "/dev_")) {
        Dbus.bytes(s.getPropertiesChanged(), "Value").ifPresent(v -> notes.add(new Note(s.getPath(), v)));
      }
    }));
    handlers.add(connection.addSigHandler(ObjectManager.InterfacesRemoved.class, s -> removed.add(s.getSignalSource().getPath())));
  }

  Adapter1 adapter() throws DBusException {
    return connection.getRemoteObject(Dbus.BLUEZ, adapterPath, Adapter1.class);
  }

  Properties properties(String path) throws DBusException {
    return connection.getRemoteObject(Dbus.BLUEZ, path, Properties.class);
  }

  Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects() throws DBusException {
    return connection.getRemoteObject(Dbus.BLUEZ, "/", ObjectManager.class).GetManagedObjects();
  }

  /** LE-only discovery (btvirt's controllers are LE-only: without the filter nothing is found). */
  void startDiscovery() throws DBusException {
    adapter().SetDiscoveryFilter(Map.of("Transport", new Variant<>("le"), "DuplicateData", new Variant<>(Boolean.TRUE)));
    adapter().StartDiscovery();
  }

  /** Waits for a device advertising {@code name}; returns its properties. */
  Map<String, Variant<?>> awaitDevice(String name) throws DBusException {
    String[] found = new String[1];
    BluezAdmin.await(() -> {
      try {
        for (var e : objects().entrySet()) {
          Map<String, Variant<?>> d = e.getValue().get(Dbus.DEVICE);
          if (d != null && e.getKey().getPath().startsWith(adapterPath + "/dev_") && name.equals(Dbus.string(d, "Name").orElse(""))) {
            found[0] = e.getKey().getPath();
            return true;
          }
        }
        return false;
      } catch (DBusException e) {
        throw new IllegalStateException(e);
      }
    }, "a device named " + name);
    device = found[0];
    return objects().get(new DBusPath(device)).get(Dbus.DEVICE);
  }

  /** Connects to the found device, waits for ServicesResolved and maps the characteristics of {@code service}. */
  void connect(String service) throws DBusException {
    connection.getRemoteObject(Dbus.BLUEZ, device, Device1.class).Connect();
    BluezAdmin.await(() -> Boolean.TRUE.equals(get(device, Dbus.DEVICE, "ServicesResolved")), "ServicesResolved");
    mapCharacteristics(service);
  }

  void mapCharacteristics(String service) throws DBusException {
    chars.clear();
    String servicePath = null;
    var objects = objects();
    for (var e : objects.entrySet()) {
      Map<String, Variant<?>> s = e.getValue().get(Dbus.GATT_SERVICE);
      if (s != null && e.getKey().getPath().startsWith(device + "/") && service.equalsIgnoreCase(Dbus.string(s, "UUID").orElse(""))) {
        servicePath = e.getKey().getPath();
      }
    }
    for (var e : objects.entrySet()) {
      Map<String, Variant<?>> c = e.getValue().get(Dbus.GATT_CHARACTERISTIC);
      if (c != null && servicePath != null && Dbus.path(c, "Service").filter(servicePath::equals).isPresent()) {
        chars.put(Dbus.string(c, "UUID").orElse("").toLowerCase(), e.getKey().getPath());
      }
    }
  }

  String path(ProbeApplication.Chr c) {
    String p = chars.get(c.uuid);
    if (p == null) {
      throw new AssertionError("characteristic " + c + " not found; have " + chars);
    }
    return p;
  }

  Object get(String path, String iface, String property) {
    try {
      return properties(path).Get(iface, property);
    } catch (DBusException | RuntimeException e) {
      return null;
    }
  }

  GattCharacteristic1 chr(ProbeApplication.Chr c) throws DBusException {
    return connection.getRemoteObject(Dbus.BLUEZ, path(c), GattCharacteristic1.class);
  }

  Outcome read(ProbeApplication.Chr c, Map<String, Variant<?>> options) {
    return call(() -> chr(c).ReadValue(options));
  }

  Outcome read(ProbeApplication.Chr c) {
    return read(c, Map.of());
  }

  Outcome write(ProbeApplication.Chr c, byte[] value, String type) {
    return write(c, value, Map.of("type", new Variant<>(type)));
  }

  Outcome write(ProbeApplication.Chr c, byte[] value, Map<String, Variant<?>> options) {
    return call(() -> {
      chr(c).WriteValue(value, options);
      return new byte[0];
    });
  }

  static Map<String, Variant<?>> offset(int offset) {
    return Map.of("offset", new Variant<>(new UInt16(offset)));
  }

  void disconnect() throws DBusException {
    connection.getRemoteObject(Dbus.BLUEZ, device, Device1.class).Disconnect();
  }

  interface Call {
    byte[] call() throws Exception;
  }

  static Outcome call(Call call) {
    try {
      return Outcome.ok(call.call());
    } catch (DBusExecutionException e) {
      return new Outcome(new byte[0], String.valueOf(Dbus.errorName(e)), String.valueOf(e.getMessage()).trim());
    } catch (Exception e) {
      return new Outcome(new byte[0], e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void close() {
    for (AutoCloseable h : handlers) {
      try {
        h.close();
      } catch (Exception e) {
        // The connection goes next.
      }
    }
    connection.disconnect();
  }
}
