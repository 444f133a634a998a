package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.bluez.internal.GattCharacteristic1;
import io.proxima.ble.bluez.internal.GattManager1;
import io.proxima.ble.bluez.internal.GattService1;
import io.proxima.ble.bluez.internal.LEAdvertisement1;
import io.proxima.ble.bluez.internal.LEAdvertisingManager1;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;

/**
 * A raw GATT application for pinning what BlueZ does at the D-Bus level, independent of the
 * transport's own application: one service with four characteristics of different flags, every
 * call recorded with its options, errors raised on demand. Blocking; test thread only.
 */
final class ProbeApplication implements AutoCloseable {

  static final String SERVICE_UUID = "4a9f0001-1c2b-4e5d-8f60-7a8b9c0d1e2f";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** The probe's characteristics. */
  enum Chr {
    /** read, write (request), notify. */
    RW("4a9f0002-1c2b-4e5d-8f60-7a8b9c0d1e2f", "read", "write", "notify"),
    /** write-without-response only. */
    COMMAND("4a9f0003-1c2b-4e5d-8f60-7a8b9c0d1e2f", "write-without-response"),
    /** write and write-without-response. */
    BOTH("4a9f0004-1c2b-4e5d-8f60-7a8b9c0d1e2f", "write", "write-without-response"),
    /** read only. */
    READ_ONLY("4a9f0005-1c2b-4e5d-8f60-7a8b9c0d1e2f", "read");

    final String uuid;
    final String[] flags;

    Chr(String uuid, String... flags) {
      this.uuid = uuid;
      this.flags = flags;
    }
  }

  /** One call BlueZ made into the application. */
  record Call(String method, Chr chr, byte[] value, Map<String, Object> options) {}

  /** A D-Bus error name nobody maps. */
  static final class Unknown extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    Unknown(String message) {
      super(message);
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final DBusConnection connection;
  private final String adapterPath;
  private final String root;
  private final String servicePath;
  private final String advertisementPath;
  private final String localName;
  private final Map<Chr, String> paths = new EnumMap<>(Chr.class);
  private final Map<Chr, byte[]> values = new EnumMap<>(Chr.class);
  private final Map<Chr, Supplier<RuntimeException>> failures = new EnumMap<>(Chr.class);
  private volatile Duration replyDelay = Duration.ZERO;
  private volatile boolean advertising;
  private volatile boolean registered;

  private ProbeApplication(DBusConnection connection, String adapter, String localName) {
    int n = COUNTER.incrementAndGet();
    this.connection = connection;
    this.adapterPath = "/org/bluez/" + adapter;
    this.root = "/io/proxima/probe/app" + n;
    this.servicePath = root + "/service0";
    this.advertisementPath = "/io/proxima/probe/adv" + n;
    this.localName = localName;
    for (Chr c : Chr.values()) {
      paths.put(c, servicePath + "/char" + c.ordinal());
      values.put(c, new byte[0]);
    }
  }

  /** Exports the application on its own connection and registers it (not yet advertised). */
  static ProbeApplication register(String address, String adapter, String localName) throws DBusException {
    ProbeApplication app = new ProbeApplication(Dbus.connect(address), adapter, localName);
    app.export();
    app.connection.getRemoteObject(Dbus.BLUEZ, app.adapterPath, GattManager1.class).RegisterApplication(new DBusPath(app.root), Map.of());
    app.registered = true;
    return app;
  }

  private void export() throws DBusException {
    connection.exportObject(root, new Root());
    connection.exportObject(servicePath, new Service());
    for (Chr c : Chr.values()) {
      connection.exportObject(paths.get(c), new Characteristic(c));
    }
    connection.exportObject(advertisementPath, new Advertisement());
  }

  void advertise() throws DBusException {
    connection.getRemoteObject(Dbus.BLUEZ, adapterPath, LEAdvertisingManager1.class).RegisterAdvertisement(new DBusPath(advertisementPath), Map.of());
    advertising = true;
  }

  void unregister() throws DBusException {
    connection.getRemoteObject(Dbus.BLUEZ, adapterPath, GattManager1.class).UnregisterApplication(new DBusPath(root));
    registered = false;
  }

  /** What ReadValue returns (from the given offset on). */
  void value(Chr c, byte[] value) {
    values.put(c, value.clone());
  }

  /** The next call on {@code c} raises this error. */
  void failNext(Chr c, Supplier<RuntimeException> error) {
    failures.put(c, error);
  }

  /** Every reply waits this long first (the application is slow). */
  void replyDelay(Duration delay) {
    replyDelay = delay;
  }

  /** Changes {@code Value}: bluetoothd notifies the subscribed centrals. */
  void notify(Chr c, byte[] value) throws DBusException {
    connection.sendMessage(new Properties.PropertiesChanged(paths.get(c), Dbus.GATT_CHARACTERISTIC, Map.of("Value", new Variant<>(value.clone())), List.of()));
  }

  List<Call> calls(String method, Chr c) {
    return calls.stream().filter(x -> x.method().equals(method) && x.chr() == c).toList();
  }

  @Override
  public void close() {
    try {
      if (advertising) {
        connection.getRemoteObject(Dbus.BLUEZ, adapterPath, LEAdvertisingManager1.class).UnregisterAdvertisement(new DBusPath(advertisementPath));
      }
      if (registered) {
        unregister();
      }
    } catch (DBusException | RuntimeException e) {
      // bluetoothd drops both when the connection goes.
    } finally {
      connection.disconnect();
    }
  }

  private static Map<String, Object> plain(Map<String, Variant<?>> options) {
    Map<String, Object> out = new LinkedHashMap<>();
    options.forEach((k, v) -> {
      Object value = v.getValue();
      out.put(k, value instanceof UInt16 u ? (Object) u.intValue() : value instanceof DBusPath p ? p.getPath() : value);
    });
    return out;
  }

  private void pause() {
    if (!replyDelay.isZero()) {
      try {
        Thread.sleep(replyDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class Root implements ObjectManager {
    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
      objects.put(new DBusPath(servicePath), Map.of(Dbus.GATT_SERVICE, Map.of("UUID", new Variant<>(SERVICE_UUID), "Primary", new Variant<>(Boolean.TRUE))));
      for (Chr c : Chr.values()) {
        objects.put(new DBusPath(paths.get(c)), Map.of(Dbus.GATT_CHARACTERISTIC, Map.of(
            "UUID", new Variant<>(c.uuid), "Service", new Variant<>(new DBusPath(servicePath)), "Flags", new Variant<>(c.flags))));
      }
      return objects;
    }

    @Override
    public String getObjectPath() {
      return root;
    }
  }

  private final class Service implements GattService1, Properties {
    @Override
    public <A> A Get(String iface, String property) {
      throw new org.freedesktop.dbus.errors.UnknownProperty(property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Map.of("UUID", new Variant<>(SERVICE_UUID), "Primary", new Variant<>(Boolean.TRUE));
    }

    @Override
    public String getObjectPath() {
      return servicePath;
    }
  }

  private final class Characteristic implements GattCharacteristic1, Properties {
    final Chr chr;

    Characteristic(Chr chr) {
      this.chr = chr;
    }

    private @Nullable RuntimeException failure() {
      Supplier<RuntimeException> f = failures.remove(chr);
      return f == null ? null : f.get();
    }

    @Override
    public byte[] ReadValue(Map<String, Variant<?>> options) {
      Map<String, Object> o = plain(options);
      calls.add(new Call("ReadValue", chr, new byte[0], o));
      pause();
      RuntimeException f = failure();
      if (f != null) {
        throw f;
      }
      byte[] v = values.get(chr);
      int offset = o.get("offset") instanceof Integer i ? i : 0;
      return offset >= v.length ? new byte[0] : java.util.Arrays.copyOfRange(v, offset, v.length);
    }

    @Override
    public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
      calls.add(new Call("WriteValue", chr, value.clone(), plain(options)));
      pause();
      RuntimeException f = failure();
      if (f != null) {
        throw f;
      }
    }

    @Override
    public void StartNotify() {
      calls.add(new Call("StartNotify", chr, new byte[0], Map.of()));
    }

    @Override
    public void StopNotify() {
      calls.add(new Call("StopNotify", chr, new byte[0], Map.of()));
    }

    @Override
    public <A> A Get(String iface, String property) {
      throw new org.freedesktop.dbus.errors.UnknownProperty(property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Map.of("UUID", new Variant<>(chr.uuid), "Service", new Variant<>(new DBusPath(servicePath)), "Flags", new Variant<>(chr.flags));
    }

    @Override
    public String getObjectPath() {
      return paths.get(chr);
    }
  }

  private final class Advertisement implements LEAdvertisement1, Properties {
    @Override
    public void Release() {
      advertising = false;
    }

    @Override
    public <A> A Get(String iface, String property) {
      throw new org.freedesktop.dbus.errors.UnknownProperty(property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Map.of("Type", new Variant<>("peripheral"), "ServiceUUIDs", new Variant<>(new String[] {SERVICE_UUID}), "LocalName", new Variant<>(localName));
    }

    @Override
    public String getObjectPath() {
      return advertisementPath;
    }
  }
}
