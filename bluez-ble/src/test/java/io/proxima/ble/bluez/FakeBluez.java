package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.Adapter1;
import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.bluez.internal.Device1;
import io.proxima.ble.bluez.internal.GattCharacteristic1;
import io.proxima.ble.bluez.internal.GattManager1;
import io.proxima.ble.bluez.internal.GattService1;
import io.proxima.ble.bluez.internal.LEAdvertisement1;
import io.proxima.ble.bluez.internal.LEAdvertisingManager1;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.base.AbstractConnectionBase;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;

/**
 * A BlueZ-shaped service for tests, exported as {@code org.bluez} on a private bus with
 * dbus-java. It offers what the BLE transport uses of bluetoothd 5.66, with the same object
 * paths, interfaces, error names and orderings:
 *
 * <ul>
 *   <li>{@code /org/bluez/hci0} and {@code hci1}: Adapter1 (discovery), GattManager1
 *       (RegisterApplication calls back GetManagedObjects, as bluetoothd does, and refuses
 *       fd-based {@code WriteAcquired}/{@code NotifyAcquired}), LEAdvertisingManager1
 *       (RegisterAdvertisement calls back GetAll);
 *   <li>one-shot advertising reports as btvirt's: a scanning adapter sees an advertiser only when
 *       discovery starts while it advertises, or advertising starts while it scans; the report
 *       creates a Device1 with Name, Alias, Address and UUIDs;
 *   <li>Device1.Connect links the two adapters: a Device1 for the central appears on the
 *       peripheral's adapter, and GattService1/GattCharacteristic1 mirrors of the registered
 *       application appear under the central's device, then ServicesResolved;
 *   <li>mirror ReadValue/WriteValue are forwarded to the application in order, with the
 *       {@code device}, {@code mtu}, {@code offset} and {@code type} options bluetoothd passes;
 *       write commands return at once and must fit MTU - 3 bytes;
 *   <li>a PropertiesChanged of Value on the application's characteristic becomes a
 *       PropertiesChanged of Value on the subscribed mirror, truncated to MTU - 3 as a
 *       notification is.
 * </ul>
 *
 * Faults: {@link #failWrites}, {@link #dropNotifications}, {@link #dropLinks()} (the device
 * disconnects) and {@link #dropApplication} (bluetoothd releases the advertisement and forgets
 * the application).
 */
public final class FakeBluez implements AutoCloseable {

  /** What a test can match writes and notifications on. */
  public record Value(String uuid, byte[] bytes) {}

  private final DBusConnection connection;
  private final Map<String, Adapter> adapters = new LinkedHashMap<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Map<String, Object> exported = new ConcurrentHashMap<>();
  private final AtomicInteger handles = new AtomicInteger(0x10);
  private final AutoCloseable appSignals;
  private final Map<String, java.util.concurrent.CountDownLatch> fences = new ConcurrentHashMap<>();
  private volatile int mtu = 517;
  private volatile Predicate<Value> failWrite = v -> false;
  private volatile Predicate<Value> dropNotification = v -> false;
  private volatile boolean refuseAdvertising;

  private FakeBluez(DBusConnection connection) throws DBusException {
    this.connection = connection;
    adapters.put("/org/bluez/hci0", new Adapter("/org/bluez/hci0", "00:AA:01:00:00:00"));
    adapters.put("/org/bluez/hci1", new Adapter("/org/bluez/hci1", "00:AA:01:01:00:01"));
    connection.exportObject("/", new Root());
    for (Adapter a : adapters.values()) {
      connection.exportObject(a.path, a);
    }
    appSignals = connection.addSigHandler(Properties.PropertiesChanged.class, this::onApplicationSignal);
  }

  /** Connects to the bus at {@code address} and takes the name {@code org.bluez}. */
  public static FakeBluez start(String address) throws DBusException {
    // One method-call thread: bluetoothd handles calls one at a time, in order.
    DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false)
        .receivingThreadConfig().withMethodCallThreadCount(1).connectionConfig().build();
    FakeBluez fake = new FakeBluez(c);
    c.requestBusName(Dbus.BLUEZ);
    return fake;
  }

  /** The ATT MTU links negotiate from now on (BlueZ offers 517). */
  public void mtu(int newMtu) {
    this.mtu = newMtu;
  }

  /** Writes matching this fail with org.bluez.Error.Failed, as a failed ATT write does. */
  public void failWrites(Predicate<Value> predicate) {
    this.failWrite = predicate;
  }

  /** RegisterAdvertisement fails as on a controller without a free advertising slot. */
  public void refuseAdvertising(boolean refuse) {
    this.refuseAdvertising = refuse;
  }

  /** Notifications matching this are lost. */
  public void dropNotifications(Predicate<Value> predicate) {
    this.dropNotification = predicate;
  }

  /** Every connected device disconnects, as when the wallet walks out of range. */
  public void dropLinks() {
    links.forEach(l -> l.tearDown());
  }

  /** bluetoothd drops the registrations on an adapter: Release() on the advertisement, the application forgotten, its links gone. */
  public void dropApplication(String adapter) throws DBusException {
    Adapter a = adapters.get("/org/bluez/" + adapter);
    Adv adv = a.adv;
    a.adv = null;
    a.app = null;
    links.stream().filter(l -> l.peripheral == a).forEach(Link::removeService);
    if (adv != null) {
      try {
        connection.getRemoteObject(adv.owner, adv.path, LEAdvertisement1.class).Release();
      } catch (RuntimeException e) {
        // bluetoothd does not wait for the application's answer either.
      }
    }
  }

  /** Applications registered now, on all adapters. */
  public int registeredApplications() {
    return (int) adapters.values().stream().filter(a -> a.app != null).count();
  }

  /** Advertisements registered now, on all adapters. */
  public int activeAdvertisements() {
    return (int) adapters.values().stream().filter(a -> a.adv != null).count();
  }

  /** Links up now. */
  public int connectedLinks() {
    return (int) links.stream().filter(l -> l.up).count();
  }

  @Override
  public void close() {
    links.forEach(Link::tearDown);
    try {
      appSignals.close();
    } catch (Exception e) {
      // The connection goes away next anyway.
    }
    connection.disconnect();
  }

  // ---- helpers

  private void changed(String path, String iface, Map<String, Variant<?>> values) {
    try {
      connection.sendMessage(new Properties.PropertiesChanged(path, iface, values, List.of()));
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  private void added(String path, String iface, Map<String, Variant<?>> properties, Object object) {
    exported.put(path, object);
    try {
      connection.exportObject(path, (org.freedesktop.dbus.interfaces.DBusInterface) object);
      connection.sendMessage(new ObjectManager.InterfacesAdded("/", new DBusPath(path), Map.of(iface, properties)));
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  private void removed(String path, String iface) {
    if (exported.remove(path) == null) {
      return;
    }
    connection.unExportObject(path);
    try {
      connection.sendMessage(new ObjectManager.InterfacesRemoved("/", new DBusPath(path), List.of(iface)));
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sender() {
    return AbstractConnectionBase.getCallInfo().getSource();
  }

  private static <A> A get(Map<String, Variant<?>> properties, String property) {
    Variant<?> v = properties.get(property);
    if (v == null) {
      throw new org.freedesktop.dbus.errors.UnknownProperty(property);
    }
    @SuppressWarnings("unchecked")
    A value = (A) v.getValue();
    return value;
  }

  private void report(Adapter scanner, Adapter advertiser) {
    Adv adv = advertiser.adv;
    if (adv == null || scanner == advertiser) {
      return;
    }
    String path = scanner.path + "/dev_" + advertiser.address.replace(':', '_');
    Object existing = exported.get(path);
    if (existing instanceof Device d) {
      d.name = adv.localName;
      changed(path, Dbus.DEVICE, Map.of("Name", new Variant<>(adv.localName), "Alias", new Variant<>(adv.localName)));
      return;
    }
    Device d = new Device(path, scanner, advertiser, adv.localName, adv.uuids);
    added(path, Dbus.DEVICE, d.properties(), d);
  }

  // ---- root: ObjectManager of everything

  private final class Root implements ObjectManager {
    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> all = new LinkedHashMap<>();
      for (Adapter a : adapters.values()) {
        all.put(new DBusPath(a.path), Map.of(Dbus.ADAPTER, a.properties()));
      }
      exported.forEach((path, o) -> {
        if (o instanceof Device d) {
          all.put(new DBusPath(path), Map.of(Dbus.DEVICE, d.properties()));
        } else if (o instanceof MirrorService s) {
          all.put(new DBusPath(path), Map.of(Dbus.GATT_SERVICE, s.properties()));
        } else if (o instanceof MirrorCharacteristic c) {
          all.put(new DBusPath(path), Map.of(Dbus.GATT_CHARACTERISTIC, c.properties()));
        }
      });
      return all;
    }

    @Override
    public String getObjectPath() {
      return "/";
    }
  }

  // ---- adapters

  private record App(String owner, String path, Map<String, String> characteristicsByUuid, Map<String, List<String>> flagsByUuid) {}

  private record Adv(String owner, String path, String localName, String[] uuids) {}

  private final class Adapter implements Adapter1, GattManager1, LEAdvertisingManager1, Properties {

    final String path;
    final String address;
    volatile boolean discovering;
    volatile @Nullable App app;
    volatile @Nullable Adv adv;

    Adapter(String path, String address) {
      this.path = path;
      this.address = address;
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("Address", new Variant<>(address));
      p.put("Powered", new Variant<>(Boolean.TRUE));
      p.put("Discovering", new Variant<>(discovering));
      return p;
    }

    @Override
    public void StartDiscovery() {
      if (discovering) {
        throw new org.bluez.Error.InProgress("Operation already in progress");
      }
      discovering = true;
      changed(path, Dbus.ADAPTER, Map.of("Discovering", new Variant<>(Boolean.TRUE)));
      adapters.values().forEach(a -> report(this, a));
    }

    @Override
    public void StopDiscovery() {
      if (!discovering) {
        throw new org.bluez.Error.Failed("No discovery started");
      }
      discovering = false;
      changed(path, Dbus.ADAPTER, Map.of("Discovering", new Variant<>(Boolean.FALSE)));
    }

    @Override
    public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
      // Accepted; the fake has only LE devices.
    }

    @Override
    public void RemoveDevice(DBusPath device) {
      removed(device.getPath(), Dbus.DEVICE);
    }

    @Override
    public void RegisterApplication(DBusPath application, Map<String, Variant<?>> options) {
      if (app != null) {
        throw new org.bluez.Error.AlreadyExists("Already Exists");
      }
      String owner = sender();
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects;
      try {
        // bluetoothd reads the application back before it replies.
        objects = connection.getRemoteObject(owner, application.getPath(), ObjectManager.class).GetManagedObjects();
      } catch (Exception e) {
        throw new org.bluez.Error.Failed("No object received");
      }
      Map<String, String> byUuid = new LinkedHashMap<>();
      Map<String, List<String>> flags = new LinkedHashMap<>();
      boolean service = false;
      for (var e : objects.entrySet()) {
        if (e.getValue().containsKey(Dbus.GATT_SERVICE)) {
          service = true;
        }
        Map<String, Variant<?>> c = e.getValue().get(Dbus.GATT_CHARACTERISTIC);
        if (c != null) {
          if (c.containsKey("WriteAcquired") || c.containsKey("NotifyAcquired")) {
            throw new org.bluez.Error.NotSupported("fd passing is not available on this bus");
          }
          String uuid = Dbus.string(c, "UUID").orElseThrow(() -> new org.bluez.Error.InvalidArguments("characteristic without UUID"));
          byUuid.put(uuid, e.getKey().getPath());
          flags.put(uuid, Dbus.strings(c, "Flags"));
        }
      }
      if (!service) {
        throw new org.bluez.Error.InvalidArguments("No service found");
      }
      app = new App(owner, application.getPath(), byUuid, flags);
    }

    @Override
    public void UnregisterApplication(DBusPath application) {
      App a = app;
      if (a == null || !a.path.equals(application.getPath())) {
        throw new org.bluez.Error.DoesNotExist("Does Not Exist");
      }
      fence();
      app = null;
      // The service leaves the local database; the LE links stay up (the central sees the
      // service's objects removed after Service Changed).
      links.stream().filter(l -> l.peripheral == this).forEach(Link::removeService);
    }

    @Override
    public void RegisterAdvertisement(DBusPath advertisement, Map<String, Variant<?>> options) {
      if (adv != null) {
        throw new org.bluez.Error.AlreadyExists("Already Exists");
      }
      if (refuseAdvertising) {
        throw new org.bluez.Error.Failed("Maximum advertisements reached");
      }
      String owner = sender();
      Map<String, Variant<?>> p;
      try {
        // bluetoothd reads the advertisement back before it replies.
        p = connection.getRemoteObject(owner, advertisement.getPath(), Properties.class).GetAll(Dbus.ADVERTISEMENT);
      } catch (Exception e) {
        throw new org.bluez.Error.Failed("Failed to parse advertisement.");
      }
      String name = Dbus.string(p, "LocalName").orElse("");
      adv = new Adv(owner, advertisement.getPath(), name, Dbus.strings(p, "ServiceUUIDs").toArray(new String[0]));
      adapters.values().stream().filter(a -> a.discovering).forEach(a -> report(a, this));
    }

    @Override
    public void UnregisterAdvertisement(DBusPath advertisement) {
      Adv a = adv;
      if (a == null || !a.path.equals(advertisement.getPath())) {
        throw new org.bluez.Error.DoesNotExist("Does Not Exist");
      }
      adv = null;
    }

    @Override
    public <A> A Get(String iface, String property) {
      return get(properties(), property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only in the fake");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return properties();
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }

  // ---- devices and links

  private final class Device implements Device1, Properties {

    final String path;
    final Adapter adapter;
    final Adapter remote;
    final String[] uuids;
    volatile String name;
    volatile boolean connected;
    volatile boolean resolved;
    volatile @Nullable Link link;

    Device(String path, Adapter adapter, Adapter remote, String name, String[] uuids) {
      this.path = path;
      this.adapter = adapter;
      this.remote = remote;
      this.name = name;
      this.uuids = uuids;
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("Address", new Variant<>(remote.address));
      if (!name.isEmpty()) {
        p.put("Name", new Variant<>(name));
      }
      p.put("Alias", new Variant<>(name.isEmpty() ? remote.address.replace(':', '-') : name));
      p.put("UUIDs", new Variant<>(uuids));
      p.put("Adapter", new Variant<>(new DBusPath(adapter.path)));
      p.put("Connected", new Variant<>(connected));
      p.put("ServicesResolved", new Variant<>(resolved));
      return p;
    }

    @Override
    public void Connect() {
      if (connected) {
        return;
      }
      App app = remote.app;
      if (app == null) {
        throw new org.bluez.Error.Failed("le-connection-abort-by-local");
      }
      Link l = new Link(this, remote, app);
      link = l;
      links.add(l);
      l.up();
    }

    @Override
    public void Disconnect() {
      fence();
      Link l = link;
      if (l == null) {
        throw new org.bluez.Error.NotConnected("Not Connected");
      }
      l.tearDown();
    }

    @Override
    public <A> A Get(String iface, String property) {
      return get(properties(), property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only in the fake");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return properties();
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }

  /** A connection between a central's adapter and the peripheral's registered application. */
  private final class Link {

    final Device centralSide;
    final Adapter peripheral;
    final App app;
    final int linkMtu = mtu;
    final Device peripheralSide;
    final Map<String, MirrorCharacteristic> byAppPath = new ConcurrentHashMap<>();
    final ExecutorService air = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fake-bluez-link");
      t.setDaemon(true);
      return t;
    });
    volatile boolean up;
    volatile boolean serviceGone;

    Link(Device centralSide, Adapter peripheral, App app) {
      this.centralSide = centralSide;
      this.peripheral = peripheral;
      this.app = app;
      String path = peripheral.path + "/dev_" + centralSide.adapter.address.replace(':', '_');
      this.peripheralSide = new Device(path, peripheral, centralSide.adapter, "", new String[0]);
    }

    void up() {
      up = true;
      peripheralSide.connected = true;
      peripheralSide.link = this;
      Object old = exported.get(peripheralSide.path);
      if (old != null) {
        removed(peripheralSide.path, Dbus.DEVICE);
      }
      added(peripheralSide.path, Dbus.DEVICE, peripheralSide.properties(), peripheralSide);
      centralSide.connected = true;
      changed(centralSide.path, Dbus.DEVICE, Map.of("Connected", new Variant<>(Boolean.TRUE)));
      String servicePath = String.format("%s/service%04x", centralSide.path, handles.getAndIncrement());
      MirrorService service = new MirrorService(servicePath);
      added(servicePath, Dbus.GATT_SERVICE, service.properties(), service);
      app.characteristicsByUuid.forEach((uuid, appPath) -> {
        String path = String.format("%s/char%04x", servicePath, handles.getAndIncrement());
        MirrorCharacteristic c = new MirrorCharacteristic(this, path, servicePath, uuid, appPath, app.flagsByUuid.get(uuid));
        byAppPath.put(appPath, c);
        added(path, Dbus.GATT_CHARACTERISTIC, c.properties(), c);
      });
      centralSide.resolved = true;
      changed(centralSide.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.TRUE)));
    }

    /** The peripheral's service is gone: mirrors removed, calls fail, the link stays up. */
    synchronized void removeService() {
      serviceGone = true;
      for (MirrorCharacteristic c : byAppPath.values()) {
        removed(c.path, Dbus.GATT_CHARACTERISTIC);
      }
      exported.entrySet().stream().filter(e -> e.getValue() instanceof MirrorService && e.getKey().startsWith(centralSide.path + "/"))
          .map(Map.Entry::getKey).toList().forEach(p -> removed(p, Dbus.GATT_SERVICE));
    }

    synchronized void tearDown() {
      if (!up) {
        return;
      }
      up = false;
      air.shutdownNow();
      centralSide.connected = false;
      centralSide.resolved = false;
      centralSide.link = null;
      changed(centralSide.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.FALSE), "Connected", new Variant<>(Boolean.FALSE)));
      for (MirrorCharacteristic c : byAppPath.values()) {
        removed(c.path, Dbus.GATT_CHARACTERISTIC);
      }
      exported.entrySet().stream().filter(e -> e.getValue() instanceof MirrorService && e.getKey().startsWith(centralSide.path + "/"))
          .map(Map.Entry::getKey).toList().forEach(p -> removed(p, Dbus.GATT_SERVICE));
      peripheralSide.connected = false;
      changed(peripheralSide.path, Dbus.DEVICE, Map.of("Connected", new Variant<>(Boolean.FALSE)));
      removed(peripheralSide.path, Dbus.DEVICE);
      links.remove(this);
    }

    Map<String, Variant<?>> options(@Nullable String type) {
      Map<String, Variant<?>> o = new LinkedHashMap<>();
      o.put("device", new Variant<>(new DBusPath(peripheralSide.path)));
      o.put("mtu", new Variant<>(new UInt16(linkMtu)));
      o.put("link", new Variant<>("LE"));
      if (type != null) {
        o.put("type", new Variant<>(type));
      } else {
        o.put("offset", new Variant<>(new UInt16(0)));
      }
      return o;
    }

    /** Runs a call to the application on the link's single thread, in order; waits for it. */
    <T> T forward(Callable<T> call) {
      if (!up) {
        throw new org.bluez.Error.Failed("Not connected");
      }
      if (serviceGone) {
        throw new org.freedesktop.dbus.errors.UnknownObject("Method does not exist");
      }
      try {
        return air.submit(call).get(25, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof DBusExecutionException d) {
          throw d;
        }
        throw new org.bluez.Error.Failed("Operation failed: " + e.getCause());
      } catch (Exception e) {
        throw new org.bluez.Error.Failed("Not connected");
      }
    }
  }

  private final class MirrorService implements GattService1, Properties {
    final String path;

    MirrorService(String path) {
      this.path = path;
    }

    Map<String, Variant<?>> properties() {
      String device = path.substring(0, path.lastIndexOf('/'));
      return Map.of("UUID", new Variant<>(io.proxima.ble.gatt.Characteristic.SERVICE_UUID.toString()),
          "Primary", new Variant<>(Boolean.TRUE), "Device", new Variant<>(new DBusPath(device)));
    }

    @Override
    public <A> A Get(String iface, String property) {
      return get(properties(), property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return properties();
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }

  private final class MirrorCharacteristic implements GattCharacteristic1, Properties {

    final Link link;
    final String path;
    final String servicePath;
    final String uuid;
    final String appPath;
    final List<String> flags;
    volatile boolean notifying;

    MirrorCharacteristic(Link link, String path, String servicePath, String uuid, String appPath, List<String> flags) {
      this.link = link;
      this.path = path;
      this.servicePath = servicePath;
      this.uuid = uuid;
      this.appPath = appPath;
      this.flags = flags;
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("UUID", new Variant<>(uuid));
      p.put("Service", new Variant<>(new DBusPath(servicePath)));
      p.put("Flags", new Variant<>(flags.toArray(new String[0])));
      p.put("Notifying", new Variant<>(notifying));
      p.put("MTU", new Variant<>(new UInt16(link.linkMtu)));
      return p;
    }

    private GattCharacteristic1 target() throws DBusException {
      return connection.getRemoteObject(link.app.owner, appPath, GattCharacteristic1.class);
    }

    @Override
    public byte[] ReadValue(Map<String, Variant<?>> options) {
      if (!flags.contains("read")) {
        throw new org.bluez.Error.NotPermitted("Read not permitted");
      }
      return link.forward(() -> target().ReadValue(link.options(null)));
    }

    @Override
    public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
      String type = Dbus.string(options, "type").orElse("request");
      if (failWrite.test(new Value(uuid, value))) {
        throw new org.bluez.Error.Failed("Operation failed with ATT error: 0x0e");
      }
      if ("command".equals(type)) {
        if (!flags.contains("write-without-response")) {
          throw new org.bluez.Error.NotPermitted("Write not permitted");
        }
        if (value.length > link.linkMtu - 3) {
          throw new org.bluez.Error.Failed("Failed to initiate write");
        }
        if (!link.up) {
          throw new org.bluez.Error.Failed("Not connected");
        }
        byte[] copy = value.clone();
        // A write command is not confirmed: queued in order, the caller does not wait.
        link.air.execute(() -> {
          try {
            target().WriteValue(copy, link.options("command"));
          } catch (Exception e) {
            // Lost, as an unconfirmed write can be.
          }
        });
        return;
      }
      if (!flags.contains("write")) {
        throw new org.bluez.Error.NotPermitted("Write not permitted");
      }
      if (value.length > 512) {
        throw new org.bluez.Error.InvalidValueLength("Invalid Length");
      }
      byte[] copy = value.clone();
      link.forward(() -> {
        target().WriteValue(copy, link.options("request"));
        return Boolean.TRUE;
      });
    }

    @Override
    public void StartNotify() {
      if (!flags.contains("notify")) {
        throw new org.bluez.Error.NotSupported("Operation is not supported");
      }
      link.forward(() -> {
        target().StartNotify();
        return Boolean.TRUE;
      });
      notifying = true;
      changed(path, Dbus.GATT_CHARACTERISTIC, Map.of("Notifying", new Variant<>(Boolean.TRUE)));
    }

    @Override
    public void StopNotify() {
      notifying = false;
    }

    void notifyValue(byte[] value) {
      if (!notifying || !link.up) {
        return;
      }
      byte[] pdu = value.length > link.linkMtu - 3 ? Arrays.copyOf(value, link.linkMtu - 3) : value;
      if (dropNotification.test(new Value(uuid, pdu))) {
        return;
      }
      changed(path, Dbus.GATT_CHARACTERISTIC, Map.of("Value", new Variant<>(pdu)));
    }

    @Override
    public <A> A Get(String iface, String property) {
      return get(properties(), property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new org.bluez.Error.NotPermitted("read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return properties();
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }

  /**
   * Waits until every signal that reached the bus before now has been handled. dbus-java runs
   * signals and method calls on different threads; bluetoothd handles both on one loop, so a
   * notification sent before UnregisterApplication reaches the central first. A signal to
   * ourselves, queued behind the earlier ones, restores that order.
   */
  private void fence() {
    String path = "/fence/n" + handles.getAndIncrement();
    java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
    fences.put(path, seen);
    try {
      changed(path, FENCE, Map.of());
      if (!seen.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("signal fence not seen");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      fences.remove(path);
    }
  }

  private static final String FENCE = "io.proxima.test.Fence";

  /** The application changed a characteristic's Value: notify the subscribed centrals. */
  private void onApplicationSignal(Properties.PropertiesChanged signal) {
    if (FENCE.equals(signal.getInterfaceName())) {
      var latch = fences.get(signal.getPath());
      if (latch != null) {
        latch.countDown();
      }
      return;
    }
    if (!Dbus.GATT_CHARACTERISTIC.equals(signal.getInterfaceName())) {
      return;
    }
    Dbus.bytes(signal.getPropertiesChanged(), "Value").ifPresent(value -> {
      for (Link l : links) {
        MirrorCharacteristic c = l.byAppPath.get(signal.getPath());
        if (c != null) {
          c.notifyValue(value);
        }
      }
    });
  }
}
