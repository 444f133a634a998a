package io.proxima.ble.bluez.internal;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattError;
import io.proxima.ble.gatt.GattPeer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.ble.gatt.WriteType;
import io.proxima.ble.chunk.Mtu;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's GATT application and advertisement as D-Bus objects for BlueZ's GattManager1
 * and LEAdvertisingManager1: an ObjectManager root, one primary service with the eight
 * characteristics of PROTOCOL.md §5, and an LEAdvertisement1 carrying the local name and the
 * service UUID. Reads and writes go to a {@link GattServerHandler}. No characteristic offers
 * {@code WriteAcquired}/{@code NotifyAcquired}: bluetoothd then delivers every write through
 * WriteValue and takes notifications from PropertiesChanged, which works without file-descriptor
 * passing (TCP buses included).
 */
final class GattApplication {

  private static final Logger log = LoggerFactory.getLogger(GattApplication.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final String root;
  final String servicePath;
  final String advertisementPath;
  private final String localName;
  private final GattServerHandler handler;
  private final Runnable onRelease;
  private final Map<Characteristic, CharacteristicObject> characteristics = new EnumMap<>(Characteristic.class);
  private final LongWrites longWrites = new LongWrites(this::deliverLate);

  GattApplication(String localName, GattServerHandler handler, Runnable onRelease) {
    int n = COUNTER.incrementAndGet();
    this.root = "/io/proxima/ble/app" + n;
    this.servicePath = root + "/service0";
    this.advertisementPath = "/io/proxima/ble/adv" + n;
    this.localName = localName;
    this.handler = handler;
    this.onRelease = onRelease;
    for (Characteristic c : Characteristic.values()) {
      characteristics.put(c, new CharacteristicObject(c, String.format("%s/char%04x", servicePath, c.shortId())));
    }
  }

  /** A long write completed by a later call: its writer was answered already, errors are logged. */
  private void deliverLate(GattPeer peer, Characteristic c, byte[] value) {
    try {
      characteristics.get(c).deliver(peer, value);
    } catch (RuntimeException e) {
      log.debug("long write of {} ({} bytes) refused: {}", c, value.length, e.getMessage());
    }
  }

  /** The central is gone: a long write it left unfinished is dropped. */
  void forget(String device) {
    longWrites.forget(device);
    characteristics.values().forEach(c -> c.lastRead.remove(device));
  }

  String pathOf(Characteristic c) {
    return characteristics.get(c).path;
  }

  void export(DBusConnection connection) throws DBusException {
    connection.exportObject(root, new RootObject());
    connection.exportObject(servicePath, new ServiceObject());
    for (CharacteristicObject c : characteristics.values()) {
      connection.exportObject(c.path, c);
    }
    connection.exportObject(advertisementPath, new AdvertisementObject());
  }

  void unexport(DBusConnection connection) {
    connection.unExportObject(advertisementPath);
    for (CharacteristicObject c : characteristics.values()) {
      connection.unExportObject(c.path);
    }
    connection.unExportObject(servicePath);
    connection.unExportObject(root);
  }

  private Map<String, Variant<?>> serviceProperties() {
    Map<String, Variant<?>> p = new LinkedHashMap<>();
    p.put("UUID", new Variant<>(Characteristic.SERVICE_UUID.toString()));
    p.put("Primary", new Variant<>(Boolean.TRUE));
    return p;
  }

  private final class RootObject implements ObjectManager {
    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
      objects.put(new DBusPath(servicePath), Map.of(Dbus.GATT_SERVICE, serviceProperties()));
      for (CharacteristicObject c : characteristics.values()) {
        objects.put(new DBusPath(c.path), Map.of(Dbus.GATT_CHARACTERISTIC, c.properties()));
      }
      return objects;
    }

    @Override
    public String getObjectPath() {
      return root;
    }
  }

  private final class ServiceObject implements GattService1, Properties {
    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String property) {
      return (A) serviceProperties().get(property).getValue();
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Dbus.GATT_SERVICE.equals(iface) ? serviceProperties() : Map.of();
    }

    @Override
    public String getObjectPath() {
      return servicePath;
    }
  }

  private final class CharacteristicObject implements GattCharacteristic1, Properties {

    final Characteristic characteristic;
    final String path;
    /**
     * bluetoothd never says whether a write came as a request or a command (5.66 passes no
     * {@code type}); the flags say what a central may use here.
     */
    final WriteType writeType;
    private final Map<String, byte[]> lastRead = new ConcurrentHashMap<>();

    CharacteristicObject(Characteristic characteristic, String path) {
      this.characteristic = characteristic;
      this.path = path;
      this.writeType = characteristic.flags().contains("write") ? WriteType.WITH_RESPONSE : WriteType.WITHOUT_RESPONSE;
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("UUID", new Variant<>(characteristic.uuid().toString()));
      p.put("Service", new Variant<>(new DBusPath(servicePath)));
      p.put("Flags", new Variant<>(characteristic.flags().toArray(new String[0])));
      return p;
    }

    @Override
    public byte[] ReadValue(Map<String, Variant<?>> options) {
      GattPeer peer = peer(options);
      int offset = Dbus.number(options, "offset").orElse(0);
      longWrites.finish(peer);
      try {
        if (offset > 0) {
          // A read blob continues the read before it (a value longer than MTU - 1): serve the
          // rest of that value instead of asking the handler again, which may move on (the next
          // request chunk). Our values fit one read; a peer may still ask.
          byte[] last = lastRead.get(peer.device());
          if (last != null) {
            return offset >= last.length ? new byte[0] : Arrays.copyOfRange(last, offset, last.length);
          }
        }
        byte[] value = handler.onRead(peer, characteristic);
        lastRead.put(peer.device(), value);
        return offset <= 0 ? value : offset >= value.length ? new byte[0] : Arrays.copyOfRange(value, offset, value.length);
      } catch (GattError e) {
        throw bluezError(e);
      } catch (RuntimeException e) {
        log.debug("read {} failed", characteristic, e);
        throw new org.bluez.Error.Failed("read failed");
      }
    }

    @Override
    public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
      GattPeer peer = peer(options);
      int offset = Dbus.number(options, "offset").orElse(0);
      LongWrites.Result r = longWrites.piece(peer, characteristic, value, offset);
      if (r.error() != null) {
        throw r.error();
      }
      if (r.value() != null) {
        deliver(peer, r.value());
      }
    }

    void deliver(GattPeer peer, byte[] value) {
      try {
        handler.onWrite(peer, characteristic, value, writeType);
      } catch (GattError e) {
        throw bluezError(e);
      } catch (RuntimeException e) {
        log.debug("write {} failed", characteristic, e);
        throw new org.bluez.Error.Failed("write failed");
      }
    }

    @Override
    public void StartNotify() {
      if (!characteristic.notifies()) {
        throw new org.bluez.Error.NotSupported(characteristic + " does not notify");
      }
    }

    @Override
    public void StopNotify() {
      // Nothing to release: values are notified through PropertiesChanged.
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String property) {
      Variant<?> v = properties().get(property);
      if (v == null) {
        throw new org.freedesktop.dbus.errors.UnknownProperty(property);
      }
      return (A) v.getValue();
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Dbus.GATT_CHARACTERISTIC.equals(iface) ? properties() : Map.of();
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }

  private final class AdvertisementObject implements LEAdvertisement1, Properties {

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("Type", new Variant<>("peripheral"));
      p.put("ServiceUUIDs", new Variant<>(new String[] {Characteristic.SERVICE_UUID.toString()}));
      p.put("LocalName", new Variant<>(localName));
      return p;
    }

    @Override
    public void Release() {
      log.debug("BlueZ released advertisement {}", advertisementPath);
      onRelease.run();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String property) {
      Variant<?> v = properties().get(property);
      if (v == null) {
        throw new org.freedesktop.dbus.errors.UnknownProperty(property);
      }
      return (A) v.getValue();
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Dbus.ADVERTISEMENT.equals(iface) ? properties() : Map.of();
    }

    @Override
    public String getObjectPath() {
      return advertisementPath;
    }
  }

  private static GattPeer peer(Map<String, Variant<?>> options) {
    return new GattPeer(Dbus.path(options, "device").orElse("unknown"), Dbus.number(options, "mtu").orElse(Mtu.MIN));
  }

  private static RuntimeException bluezError(GattError e) {
    return switch (e.code()) {
      case NOT_PERMITTED -> new org.bluez.Error.NotPermitted(e.getMessage());
      case INVALID_VALUE_LENGTH -> new org.bluez.Error.InvalidValueLength(e.getMessage());
      case FAILED -> new org.bluez.Error.Failed(e.getMessage());
    };
  }

}
