package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.Adapter1;
import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.bluez.internal.Device1;
import io.proxima.ble.bluez.internal.GattCharacteristic1;
import io.proxima.ble.bluez.internal.GattManager1;
import io.proxima.ble.bluez.internal.GattService1;
import io.proxima.ble.bluez.internal.LEAdvertisement1;
import io.proxima.ble.bluez.internal.LEAdvertisingManager1;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.base.AbstractConnectionBase;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;

/**
 * A BlueZ-shaped service for tests, exported as {@code org.bluez} on a private bus with
 * dbus-java. It does what the real bluetoothd 5.66 does for the calls the BLE transport makes, as
 * pinned against the real daemon by {@code BluezBehaviourContract} (run against this service and
 * against the bluez-vm guest) and written down in the module README:
 *
 * <ul>
 *   <li>{@code /org/bluez/hci0} and {@code hci1}: Adapter1 (per-client discovery sessions,
 *       Powered settable, RemoveDevice), GattManager1 (RegisterApplication reads the application
 *       back with GetManagedObjects before it replies, refuses fd-based {@code
 *       WriteAcquired}/{@code NotifyAcquired}, several applications per adapter),
 *       LEAdvertisingManager1 (reads the advertisement back with GetAll; five instances);
 *   <li>btvirt's one-shot advertising reports: a scanner sees an advertiser only when its
 *       discovery starts while the other advertises, or advertising starts while it scans;
 *   <li>Device1.Connect links the adapters: the central gets mirrors of the peripheral's
 *       services, ServicesResolved, then the peripheral's GAP name (its adapter's Alias) replaces
 *       the advertised name; the peripheral gets a Device1 for the central. A disconnect keeps both
 *       devices and the central's mirrors ("Not connected" until the next Connect, which reuses
 *       them); a disconnected device is forgotten after the temporary-device timeout (30 s);
 *   <li>GATT as bluetoothd's client and server do it: application calls carry {@code device},
 *       {@code link} and {@code mtu}, and {@code offset} only when it is not 0, never the write
 *       type; reads and notifications carry at most 512 bytes; a read longer than MTU - 1 continues
 *       with blob reads at an offset; a write request longer than MTU - 3 is a long write (pieces of
 *       MTU - 5 bytes, each its own WriteValue with its offset); bluetoothd's length check counts
 *       the 2-byte handle, so a write of more than 510 bytes is refused (request: {@code
 *       InvalidArguments "Invalid Length"}) or dropped (command); a write command longer than MTU -
 *       3 fails at the central; a write command reaches any writable characteristic and vanishes on
 *       a read-only one; writes to a characteristic with {@code write-without-response} are
 *       acknowledged without waiting for the application; application errors become ATT errors and
 *       come back to the central as bluetoothd maps them; a second write while one is pending is
 *       {@code InProgress}; StartNotify is passed on for the first subscriber only, StopNotify when
 *       the last one leaves (also when its bus connection closes, and on disconnect);
 *   <li>a client whose bus connection closes loses its applications, advertisements, discovery
 *       sessions and subscriptions;
 *   <li>with EATT, bluetoothd may deliver write commands and notifications out of order; {@link
 *       #reorder} (on by default) delays every fourth write command and every third notification a
 *       little so that later ones overtake them.
 * </ul>
 *
 * Timing is not emulated: bluetoothd's Disconnect takes about 2 s, a Connect to a device that no
 * longer advertises fails only after about 40 s; here both are immediate.
 *
 * <p>Faults: {@link #failWrites}, {@link #dropLinks()} (the devices disconnect) and {@link
 * #dropApplication} (bluetoothd releases the advertisement and forgets the applications).
 */
public final class FakeBluez implements AutoCloseable {

  /** What a test can match writes on. */
  public record Value(String uuid, byte[] bytes) {}

  /** The name bluetoothd gives an adapter (its GAP Device Name). */
  static final String GAP_NAME = "BlueZ 5.66";
  /** BT_ATT_MAX_VALUE_LEN. */
  static final int MAX_VALUE = 512;
  private static final int MAX_ADVERTISEMENTS = 5;
  private static final String FENCE = "io.proxima.test.Fence";
  /** Longer than the reordering delay: an indication and a rediscovery take round trips. */
  private static final long SERVICE_CHANGED_DELAY_MS = 40;

  private final DBusConnection connection;
  private final Map<String, Adapter> adapters = new LinkedHashMap<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Map<String, Object> exported = new ConcurrentHashMap<>();
  private final AtomicInteger handles = new AtomicInteger(0x10);
  private final List<AutoCloseable> signals = new ArrayList<>();
  private final Map<String, java.util.concurrent.CountDownLatch> fences = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-bluez-timer");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger commands = new AtomicInteger();
  private final AtomicInteger notifications = new AtomicInteger();
  private volatile int mtu = 517;
  private volatile Predicate<Value> failWrite = v -> false;
  private volatile java.util.function.Consumer<Value> writeObserver = v -> {};
  private volatile boolean refuseAdvertising;
  private volatile boolean reorder = true;
  private volatile boolean serviceChangedLost;
  private volatile Duration temporaryTimeout = Duration.ofSeconds(30);

  private FakeBluez(DBusConnection connection) throws DBusException {
    this.connection = connection;
    adapters.put("/org/bluez/hci0", new Adapter("/org/bluez/hci0", "00:AA:01:00:00:00"));
    adapters.put("/org/bluez/hci1", new Adapter("/org/bluez/hci1", "00:AA:01:01:00:01"));
    connection.exportObject("/", new Root());
    for (Adapter a : adapters.values()) {
      connection.exportObject(a.path, a);
    }
    signals.add(connection.addSigHandler(Properties.PropertiesChanged.class, this::onApplicationSignal));
    signals.add(connection.addSigHandler(DBus.NameOwnerChanged.class, this::onNameOwnerChanged));
  }

  /** Connects to the bus at {@code address} and takes the name {@code org.bluez}. */
  public static FakeBluez start(String address) throws DBusException {
    // bluetoothd answers a call while it waits for an application (a second write gets
    // InProgress); a client's own calls still arrive one at a time, as it waits for each reply.
    java.util.concurrent.atomic.AtomicReference<org.freedesktop.dbus.connections.transports.AbstractTransport> transport = new java.util.concurrent.atomic.AtomicReference<>();
    DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false)
        .transportConfig().withPreConnectCallback(transport::set).back()
        .receivingThreadConfig().withMethodCallThreadCount(4).connectionConfig().build();
    try {
      // As the transport's own connections: no Nagle on a TCP bus.
      var channel = transport.get().getTransportConnection().getChannel();
      if (channel.supportedOptions().contains(java.net.StandardSocketOptions.TCP_NODELAY)) {
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      }
    } catch (java.io.IOException | RuntimeException e) {
      // A unix socket.
    }
    FakeBluez fake = new FakeBluez(c);
    c.requestBusName(Dbus.BLUEZ);
    return fake;
  }

  /** The ATT MTU links negotiate from now on (bluetoothd between two BlueZ adapters: 517). */
  public void mtu(int newMtu) {
    this.mtu = newMtu;
  }

  /** Write requests matching this fail with an ATT error, as a failed ATT write does. */
  public void failWrites(Predicate<Value> predicate) {
    this.failWrite = predicate;
  }

  /** Sees every WriteValue a central makes (requests and commands), before it is carried out. */
  public void observeWrites(java.util.function.Consumer<Value> observer) {
    this.writeObserver = observer;
  }

  /** RegisterAdvertisement fails as on a controller without a free advertising slot. */
  public void refuseAdvertising(boolean refuse) {
    this.refuseAdvertising = refuse;
  }

  /** Whether some write commands and notifications are delivered late, as over EATT (default on). */
  public void reorder(boolean on) {
    this.reorder = on;
  }

  /**
   * Unregistered services stay visible to connected centrals, whose calls then fail with ATT error
   * 0x01 (Invalid Handle): what bluetoothd 5.66 does once its local handles pass about 0x0390 (it
   * stops sending Service Changed).
   */
  public void serviceChangedLost(boolean lost) {
    this.serviceChangedLost = lost;
  }

  /** How long a disconnected device stays known (bluetoothd's TemporaryTimeout, 30 s). */
  public void temporaryTimeout(Duration timeout) {
    this.temporaryTimeout = timeout;
  }

  /** Every connected device disconnects, as when the wallet walks out of range. */
  public void dropLinks() {
    links.forEach(Link::tearDown);
  }

  /** bluetoothd drops the registrations on an adapter: Release() on the advertisements, the applications forgotten. */
  public void dropApplication(String adapter) throws DBusException {
    Adapter a = adapters.get("/org/bluez/" + adapter);
    List<Adv> advs = List.copyOf(a.advs);
    a.advs.clear();
    for (App app : List.copyOf(a.apps)) {
      a.removeApp(app);
    }
    for (Adv adv : advs) {
      try {
        connection.getRemoteObject(adv.owner, adv.path, LEAdvertisement1.class).Release();
      } catch (RuntimeException e) {
        // bluetoothd does not wait for the application's answer either.
      }
    }
  }

  /** Applications registered now, on all adapters. */
  public int registeredApplications() {
    return adapters.values().stream().mapToInt(a -> a.apps.size()).sum();
  }

  /** Advertisements registered now, on all adapters. */
  public int activeAdvertisements() {
    return adapters.values().stream().mapToInt(a -> a.advs.size()).sum();
  }

  @Override
  public void close() {
    links.forEach(Link::tearDown);
    timer.shutdownNow();
    for (AutoCloseable s : signals) {
      try {
        s.close();
      } catch (Exception e) {
        // The connection goes away next anyway.
      }
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

  private void added(String path, String iface, Map<String, Variant<?>> properties, DBusInterface object) {
    exported.put(path, object);
    try {
      connection.exportObject(path, object);
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

  private static String devicePath(Adapter on, Adapter remote) {
    return on.path + "/dev_" + remote.address.replace(':', '_');
  }

  /** A btvirt advertising report: creates the device or updates its name from the advertisement. */
  private void report(Adapter scanner, Adapter advertiser) {
    if (scanner == advertiser || !scanner.powered || !advertiser.powered || advertiser.advs.isEmpty()) {
      return;
    }
    Adv adv = advertiser.advs.get(advertiser.advs.size() - 1);
    String path = devicePath(scanner, advertiser);
    if (exported.get(path) instanceof Device d) {
      d.cancelExpiry();
      d.uuids = adv.uuids;
      if (!adv.localName.isEmpty() && !adv.localName.equals(d.name)) {
        d.name = adv.localName;
        changed(path, Dbus.DEVICE, Map.of("Name", new Variant<>(adv.localName), "Alias", new Variant<>(adv.localName)));
      }
      return;
    }
    Device d = new Device(path, scanner, advertiser, adv.localName, adv.uuids);
    added(path, Dbus.DEVICE, d.properties(), d);
  }

  // ---- ATT error mapping (src/gatt-database.c and src/gatt-client.c of BlueZ 5.66)

  /** The ATT error bluetoothd answers when the application raised {@code e}. */
  static int attError(DBusExecutionException e, boolean read) {
    String name = String.valueOf(Dbus.errorName(e));
    return switch (name) {
      case "org.bluez.Error.Failed" -> {
        try {
          int code = Integer.decode(String.valueOf(e.getMessage()).trim());
          yield code >= 0x80 && code <= 0x9f ? code : 0x0e;
        } catch (NumberFormatException notANumber) {
          yield 0x80;
        }
      }
      case "org.bluez.Error.NotSupported" -> 0x06;
      case "org.bluez.Error.NotAuthorized" -> 0x08;
      case "org.bluez.Error.InvalidValueLength" -> 0x0d;
      case "org.bluez.Error.InvalidOffset" -> 0x07;
      case "org.bluez.Error.InProgress" -> 0xfe;
      case "org.bluez.Error.NotPermitted" -> read ? 0x02 : 0x03;
      default -> 0x0e;
    };
  }

  /** The D-Bus error bluetoothd's client answers for an ATT error. */
  static DBusExecutionException centralError(int att) {
    return switch (att) {
      case 0x02 -> new org.bluez.Error.NotPermitted("Read not permitted");
      case 0x03 -> new org.bluez.Error.NotPermitted("Write not permitted");
      case 0x05, 0x0f, 0x0c -> new org.bluez.Error.NotPermitted("Not paired");
      case 0x07 -> new org.bluez.Error.InvalidArguments("Invalid offset");
      case 0x0d -> new org.bluez.Error.InvalidArguments("Invalid Length");
      case 0x08 -> new org.bluez.Error.NotAuthorized("Operation Not Authorized");
      case 0x06 -> new org.bluez.Error.NotSupported("Operation is not supported");
      default -> new org.bluez.Error.Failed(String.format("Operation failed with ATT error: 0x%02x", att));
    };
  }

  /** An ATT error on the way back to the central. */
  private static final class AttError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    AttError(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  // ---- root: ObjectManager of everything

  private final class Root implements ObjectManager {
    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> all = new LinkedHashMap<>();
      for (Adapter a : adapters.values()) {
        all.put(new DBusPath(a.path), Map.of(Dbus.ADAPTER, a.properties(), "org.bluez.LEAdvertisingManager1", a.advertisingProperties()));
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

  /** A characteristic of a registered application. */
  private record AppChr(String uuid, String path, List<String> flags) {
    boolean writable() {
      return flags.contains("write") || flags.contains("write-without-response");
    }
  }

  /** A service of a registered application. */
  private record AppService(String uuid, String path, List<AppChr> characteristics) {}

  private record App(String owner, String path, List<AppService> services) {}

  private record Adv(String owner, String path, String localName, String[] uuids) {}

  private final class Adapter implements Adapter1, GattManager1, LEAdvertisingManager1, Properties {

    final String path;
    final String address;
    final Set<String> discoverers = ConcurrentHashMap.newKeySet();
    final List<App> apps = new CopyOnWriteArrayList<>();
    final List<Adv> advs = new CopyOnWriteArrayList<>();
    volatile boolean powered = true;

    Adapter(String path, String address) {
      this.path = path;
      this.address = address;
    }

    boolean discovering() {
      return !discoverers.isEmpty();
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("Address", new Variant<>(address));
      p.put("AddressType", new Variant<>("public"));
      p.put("Name", new Variant<>(GAP_NAME));
      p.put("Alias", new Variant<>(GAP_NAME));
      p.put("Powered", new Variant<>(powered));
      p.put("Discoverable", new Variant<>(Boolean.FALSE));
      p.put("Discovering", new Variant<>(discovering()));
      return p;
    }

    Map<String, Variant<?>> advertisingProperties() {
      return Map.of("ActiveInstances", new Variant<>((byte) advs.size()), "SupportedInstances", new Variant<>((byte) (MAX_ADVERTISEMENTS - advs.size())));
    }

    @Override
    public void StartDiscovery() {
      if (!powered) {
        throw new org.bluez.Error.NotReady("Resource Not Ready");
      }
      if (!discoverers.add(sender())) {
        throw new org.bluez.Error.InProgress("Operation already in progress");
      }
      if (discoverers.size() == 1) {
        changed(path, Dbus.ADAPTER, Map.of("Discovering", new Variant<>(Boolean.TRUE)));
        adapters.values().forEach(a -> report(this, a));
      }
    }

    @Override
    public void StopDiscovery() {
      if (!discoverers.remove(sender())) {
        throw new org.bluez.Error.Failed("No discovery started");
      }
      if (discoverers.isEmpty()) {
        changed(path, Dbus.ADAPTER, Map.of("Discovering", new Variant<>(Boolean.FALSE)));
      }
    }

    void clientGone(String client) {
      if (discoverers.remove(client) && discoverers.isEmpty()) {
        changed(path, Dbus.ADAPTER, Map.of("Discovering", new Variant<>(Boolean.FALSE)));
      }
      advs.removeIf(a -> a.owner.equals(client));
      for (App app : apps) {
        if (app.owner.equals(client)) {
          removeApp(app);
        }
      }
    }

    @Override
    public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
      // Accepted; every device here is LE.
    }

    @Override
    public void RemoveDevice(DBusPath device) {
      if (!(exported.get(device.getPath()) instanceof Device d) || d.adapter != this) {
        throw new org.bluez.Error.DoesNotExist("Does Not Exist");
      }
      d.forget();
    }

    @Override
    public void RegisterApplication(DBusPath application, Map<String, Variant<?>> options) {
      String owner = sender();
      if (apps.stream().anyMatch(a -> a.owner.equals(owner) && a.path.equals(application.getPath()))) {
        throw new org.bluez.Error.AlreadyExists("Already Exists");
      }
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects;
      try {
        // bluetoothd reads the application back before it replies.
        objects = connection.getRemoteObject(owner, application.getPath(), ObjectManager.class).GetManagedObjects();
      } catch (Exception e) {
        throw new org.bluez.Error.Failed("No object received");
      }
      List<AppService> services = new ArrayList<>();
      for (var e : objects.entrySet()) {
        Map<String, Variant<?>> s = e.getValue().get(Dbus.GATT_SERVICE);
        if (s == null) {
          continue;
        }
        List<AppChr> chars = new ArrayList<>();
        for (var c : objects.entrySet()) {
          Map<String, Variant<?>> cp = c.getValue().get(Dbus.GATT_CHARACTERISTIC);
          if (cp != null && Dbus.path(cp, "Service").filter(e.getKey().getPath()::equals).isPresent()) {
            if (cp.containsKey("WriteAcquired") || cp.containsKey("NotifyAcquired")) {
              throw new org.bluez.Error.NotSupported("fd passing is not available on this bus");
            }
            String uuid = Dbus.string(cp, "UUID").orElseThrow(() -> new org.bluez.Error.InvalidArguments("characteristic without UUID"));
            chars.add(new AppChr(uuid.toLowerCase(), c.getKey().getPath(), Dbus.strings(cp, "Flags")));
          }
        }
        services.add(new AppService(Dbus.string(s, "UUID").orElse("").toLowerCase(), e.getKey().getPath(), chars));
      }
      if (services.isEmpty()) {
        throw new org.bluez.Error.InvalidArguments("No service found");
      }
      apps.add(new App(owner, application.getPath(), services));
    }

    @Override
    public void UnregisterApplication(DBusPath application) {
      String owner = sender();
      App app = apps.stream().filter(a -> a.owner.equals(owner) && a.path.equals(application.getPath())).findFirst()
          .orElseThrow(() -> new org.bluez.Error.DoesNotExist("Does Not Exist"));
      fence();
      removeApp(app);
    }

    /**
     * The services leave the local database; links stay up. A central learns of it through a
     * Service Changed indication and a rediscovery, so a notification sent before the
     * UnregisterApplication reaches it first, even one EATT delayed.
     */
    void removeApp(App app) {
      apps.remove(app);
      if (serviceChangedLost) {
        return;
      }
      timer.schedule(() -> {
        for (var o : List.copyOf(exported.values())) {
          if (o instanceof Device d && d.remote == this) {
            d.removeMirrors(app);
          }
        }
      }, SERVICE_CHANGED_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void RegisterAdvertisement(DBusPath advertisement, Map<String, Variant<?>> options) {
      String owner = sender();
      if (advs.stream().anyMatch(a -> a.owner.equals(owner) && a.path.equals(advertisement.getPath()))) {
        throw new org.bluez.Error.AlreadyExists("Already Exists");
      }
      if (refuseAdvertising || advs.size() >= MAX_ADVERTISEMENTS) {
        throw new org.bluez.Error.Failed("Maximum advertisements reached");
      }
      Map<String, Variant<?>> p;
      try {
        // bluetoothd reads the advertisement back before it replies.
        p = connection.getRemoteObject(owner, advertisement.getPath(), Properties.class).GetAll(Dbus.ADVERTISEMENT);
      } catch (Exception e) {
        throw new org.bluez.Error.Failed("Failed to parse advertisement.");
      }
      String name = Dbus.string(p, "LocalName").orElse("");
      advs.add(new Adv(owner, advertisement.getPath(), name, Dbus.strings(p, "ServiceUUIDs").stream().map(String::toLowerCase).toArray(String[]::new)));
      adapters.values().stream().filter(Adapter::discovering).forEach(a -> report(a, this));
    }

    @Override
    public void UnregisterAdvertisement(DBusPath advertisement) {
      String owner = sender();
      if (!advs.removeIf(a -> a.owner.equals(owner) && a.path.equals(advertisement.getPath()))) {
        throw new org.bluez.Error.DoesNotExist("Does Not Exist");
      }
    }

    @Override
    public <A> A Get(String iface, String property) {
      return get("org.bluez.LEAdvertisingManager1".equals(iface) ? advertisingProperties() : properties(), property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      if (!Dbus.ADAPTER.equals(iface) || !"Powered".equals(property)) {
        throw new org.bluez.Error.NotPermitted("read-only in the fake");
      }
      boolean on = Boolean.TRUE.equals(value instanceof Variant<?> v ? v.getValue() : value);
      if (on == powered) {
        return;
      }
      if (!on) {
        // The radio goes: its links drop, its discovery stops.
        links.stream().filter(l -> l.central.adapter == this || l.peripheral == this).forEach(Link::tearDown);
        powered = false;
        discoverers.clear();
        changed(path, Dbus.ADAPTER, Map.of("Powered", new Variant<>(Boolean.FALSE), "Discovering", new Variant<>(Boolean.FALSE)));
      } else {
        powered = true;
        changed(path, Dbus.ADAPTER, Map.of("Powered", new Variant<>(Boolean.TRUE)));
      }
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return "org.bluez.LEAdvertisingManager1".equals(iface) ? advertisingProperties() : properties();
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
    volatile String[] uuids;
    volatile String name;
    volatile boolean connected;
    volatile boolean resolved;
    volatile @Nullable Link link;
    volatile @Nullable ScheduledFuture<?> expiry;
    volatile int mtu = 23;
    /** The central's view of the peripheral's services, kept across disconnects, by application. */
    final Map<App, List<MirrorCharacteristic>> mirrors = new ConcurrentHashMap<>();
    final Map<App, MirrorService> services = new ConcurrentHashMap<>();

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
      p.put("AddressType", new Variant<>("public"));
      if (!name.isEmpty()) {
        p.put("Name", new Variant<>(name));
      }
      p.put("Alias", new Variant<>(name.isEmpty() ? remote.address.replace(':', '-') : name));
      p.put("Paired", new Variant<>(Boolean.FALSE));
      p.put("Trusted", new Variant<>(Boolean.FALSE));
      p.put("Blocked", new Variant<>(Boolean.FALSE));
      p.put("RSSI", new Variant<>((short) 127));
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
      if (!adapter.powered) {
        throw new org.bluez.Error.NotReady("Resource Not Ready");
      }
      if (!remote.powered || remote.advs.isEmpty()) {
        // bluetoothd gives up only after about 40 s.
        throw new org.bluez.Error.Failed("le-connection-abort-by-local");
      }
      cancelExpiry();
      Link l = new Link(this, remote);
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

    void cancelExpiry() {
      ScheduledFuture<?> f = expiry;
      if (f != null) {
        f.cancel(false);
      }
    }

    /** A disconnected temporary device is forgotten after a while. */
    void expireLater() {
      cancelExpiry();
      expiry = timer.schedule(() -> {
        if (!connected) {
          forget();
        }
      }, temporaryTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** RemoveDevice: the link goes down, the mirrors and the device object go. */
    void forget() {
      Link l = link;
      if (l != null) {
        l.tearDown();
      }
      cancelExpiry();
      for (App app : List.copyOf(mirrors.keySet())) {
        removeMirrors(app);
      }
      removed(path, Dbus.DEVICE);
    }

    /** Mirrors of the application's services, created on first connect and reused after. */
    void mirror(App app) {
      if (mirrors.containsKey(app)) {
        return;
      }
      List<MirrorCharacteristic> list = new ArrayList<>();
      for (AppService s : app.services) {
        String servicePath = String.format("%s/service%04x", path, handles.getAndIncrement());
        MirrorService service = new MirrorService(servicePath, s.uuid);
        services.put(app, service);
        added(servicePath, Dbus.GATT_SERVICE, service.properties(), service);
        for (AppChr c : s.characteristics) {
          String p = String.format("%s/char%04x", servicePath, handles.getAndIncrement());
          MirrorCharacteristic m = new MirrorCharacteristic(this, app, c, p, servicePath);
          list.add(m);
          added(p, Dbus.GATT_CHARACTERISTIC, m.properties(), m);
        }
      }
      mirrors.put(app, list);
    }

    /** The application left the peripheral's database: its mirrors go (Service Changed). */
    void removeMirrors(App app) {
      List<MirrorCharacteristic> list = mirrors.remove(app);
      if (list != null) {
        list.forEach(m -> removed(m.path, Dbus.GATT_CHARACTERISTIC));
      }
      MirrorService s = services.remove(app);
      if (s != null) {
        removed(s.path, Dbus.GATT_SERVICE);
      }
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

  /** An LE link between a central's device object and a peripheral adapter. */
  private final class Link {

    final Device central;
    final Adapter peripheral;
    final int linkMtu = mtu;
    final Device peripheralSide;
    final ExecutorService air = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fake-bluez-link");
      t.setDaemon(true);
      return t;
    });
    volatile boolean up;

    Link(Device central, Adapter peripheral) {
      this.central = central;
      this.peripheral = peripheral;
      String path = devicePath(peripheral, central.adapter);
      if (exported.get(path) instanceof Device existing) {
        this.peripheralSide = existing;
      } else {
        this.peripheralSide = new Device(path, peripheral, central.adapter, "", new String[0]);
      }
    }

    void up() {
      up = true;
      peripheralSide.cancelExpiry();
      peripheralSide.connected = true;
      peripheralSide.link = this;
      if (!exported.containsKey(peripheralSide.path)) {
        added(peripheralSide.path, Dbus.DEVICE, peripheralSide.properties(), peripheralSide);
      } else {
        changed(peripheralSide.path, Dbus.DEVICE, Map.of("Connected", new Variant<>(Boolean.TRUE)));
      }
      central.connected = true;
      changed(central.path, Dbus.DEVICE, Map.of("Connected", new Variant<>(Boolean.TRUE)));
      // A database that changed while disconnected is discovered again.
      for (App gone : List.copyOf(central.mirrors.keySet())) {
        if (!peripheral.apps.contains(gone)) {
          central.removeMirrors(gone);
        }
      }
      central.mtu = linkMtu;
      for (App app : peripheral.apps) {
        central.mirror(app);
      }
      // Subscriptions kept across a disconnect are written again to the new link.
      central.mirrors.values().forEach(list -> list.forEach(m -> {
        if (!m.subscribers.isEmpty()) {
          m.appStartNotify();
        }
      }));
      central.resolved = true;
      changed(central.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.TRUE)));
      peripheralSide.resolved = true;
      peripheralSide.name = GAP_NAME;
      changed(peripheralSide.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.TRUE), "Name", new Variant<>(GAP_NAME), "Alias", new Variant<>(GAP_NAME)));
      // bluetoothd reads the peripheral's GAP Device Name: it replaces the advertised local name.
      central.name = GAP_NAME;
      changed(central.path, Dbus.DEVICE, Map.of("Name", new Variant<>(GAP_NAME), "Alias", new Variant<>(GAP_NAME)));
    }

    synchronized void tearDown() {
      if (!up) {
        return;
      }
      up = false;
      central.mirrors.values().forEach(list -> list.forEach(m -> {
        if (!m.subscribers.isEmpty()) {
          m.appStopNotify();
        }
      }));
      air.shutdown();
      central.connected = false;
      central.resolved = false;
      central.link = null;
      changed(central.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.FALSE)));
      changed(central.path, Dbus.DEVICE, Map.of("Connected", new Variant<>(Boolean.FALSE)));
      peripheralSide.connected = false;
      peripheralSide.resolved = false;
      peripheralSide.link = null;
      changed(peripheralSide.path, Dbus.DEVICE, Map.of("ServicesResolved", new Variant<>(Boolean.FALSE), "Connected", new Variant<>(Boolean.FALSE)));
      links.remove(this);
      central.expireLater();
      peripheralSide.expireLater();
    }

    /** The options bluetoothd 5.66 passes to an application: never the write type. */
    Map<String, Variant<?>> options(int offset) {
      Map<String, Variant<?>> o = new LinkedHashMap<>();
      o.put("device", new Variant<>(new DBusPath(peripheralSide.path)));
      if (offset > 0) {
        o.put("offset", new Variant<>(new UInt16(offset)));
      }
      o.put("link", new Variant<>("LE"));
      o.put("mtu", new Variant<>(new UInt16(linkMtu)));
      return o;
    }

    /** Runs a call to an application on the link's thread, in order, and waits for it. */
    <T> T forward(Callable<T> call) {
      if (!up) {
        throw new org.bluez.Error.Failed("Not connected");
      }
      try {
        return air.submit(call).get(25, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new AttError(0x0e);
      } catch (TimeoutException | java.util.concurrent.RejectedExecutionException e) {
        throw new org.bluez.Error.Failed("Not connected");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.bluez.Error.Failed("Not connected");
      }
    }

    /** Hands a call to the link's thread without waiting (write commands, unacknowledged writes). */
    void post(Runnable call, boolean mayBeLate) {
      if (!up) {
        return;
      }
      Runnable guarded = () -> {
        try {
          call.run();
        } catch (RuntimeException e) {
          // Nobody waits for the answer.
        }
      };
      if (mayBeLate && reorder && commands.incrementAndGet() % 4 == 0) {
        timer.schedule(() -> {
          if (up) {
            air.execute(guarded);
          }
        }, 15, TimeUnit.MILLISECONDS);
      } else {
        try {
          air.execute(guarded);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // The link went down.
        }
      }
    }
  }

  private final class MirrorService implements GattService1, Properties {
    final String path;
    final String uuid;

    MirrorService(String path, String uuid) {
      this.path = path;
      this.uuid = uuid;
    }

    Map<String, Variant<?>> properties() {
      String device = path.substring(0, path.lastIndexOf('/'));
      return Map.of("UUID", new Variant<>(uuid), "Primary", new Variant<>(Boolean.TRUE), "Device", new Variant<>(new DBusPath(device)));
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

  /** The central's object for one characteristic of a peripheral's application. */
  private final class MirrorCharacteristic implements GattCharacteristic1, Properties {

    final Device device;
    final App app;
    final AppChr chr;
    final String path;
    final String servicePath;
    final Set<String> subscribers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private boolean writing;
    private @Nullable CompletableFuture<byte[]> reading;
    private int readingOffset;

    MirrorCharacteristic(Device device, App app, AppChr chr, String path, String servicePath) {
      this.device = device;
      this.app = app;
      this.chr = chr;
      this.path = path;
      this.servicePath = servicePath;
    }

    Map<String, Variant<?>> properties() {
      Map<String, Variant<?>> p = new LinkedHashMap<>();
      p.put("UUID", new Variant<>(chr.uuid()));
      p.put("Service", new Variant<>(new DBusPath(servicePath)));
      p.put("Value", new Variant<>(new byte[0]));
      p.put("Flags", new Variant<>(chr.flags().toArray(new String[0])));
      if (chr.flags().contains("notify")) {
        p.put("Notifying", new Variant<>(!subscribers.isEmpty()));
      }
      p.put("MTU", new Variant<>(new UInt16(device.mtu)));
      return p;
    }

    private Link link() {
      Link l = device.link;
      if (l == null || !l.up) {
        throw new org.bluez.Error.Failed("Not connected");
      }
      if (!device.remote.apps.contains(app)) {
        // Still shown, no longer served: the handle is gone on the peripheral.
        throw centralError(0x01);
      }
      return l;
    }

    private GattCharacteristic1 target() throws DBusException {
      return connection.getRemoteObject(app.owner, chr.path(), GattCharacteristic1.class);
    }

    // -- reads: bt_gatt_client_read_long_value; concurrent reads at one offset share the result

    @Override
    public byte[] ReadValue(Map<String, Variant<?>> options) {
      Link l = link();
      int offset = Dbus.number(options, "offset").orElse(0);
      CompletableFuture<byte[]> mine;
      CompletableFuture<byte[]> shared = null;
      synchronized (lock) {
        if (reading != null) {
          if (readingOffset != offset) {
            throw new org.bluez.Error.InProgress("In Progress");
          }
          shared = reading;
        }
        mine = shared == null ? new CompletableFuture<>() : shared;
        if (shared == null) {
          reading = mine;
          readingOffset = offset;
        }
      }
      if (shared != null) {
        return join(shared);
      }
      try {
        mine.complete(readLong(l, offset));
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        synchronized (lock) {
          reading = null;
        }
      }
      return join(mine);
    }

    private byte[] join(CompletableFuture<byte[]> f) {
      try {
        return f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AttError a) {
          throw centralError(a.code);
        }
        throw (RuntimeException) e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.bluez.Error.Failed("Operation failed");
      }
    }

    /** Read, then Read Blob while a response fills MTU - 1 bytes; at most 512 bytes in all. */
    private byte[] readLong(Link l, int start) {
      if (!chr.flags().contains("read")) {
        throw new AttError(0x02);
      }
      if (start > MAX_VALUE) {
        throw new AttError(0x07);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int offset = start;
      while (true) {
        int at = offset;
        byte[] part = l.forward(() -> {
          try {
            return target().ReadValue(l.options(at));
          } catch (DBusExecutionException e) {
            throw new AttError(attError(e, true));
          }
        });
        int n = Math.min(Math.min(part.length, MAX_VALUE), Math.min(l.linkMtu - 1, MAX_VALUE - at));
        out.write(part, 0, Math.max(0, n));
        offset += Math.max(0, n);
        if (n < l.linkMtu - 1 || offset >= MAX_VALUE) {
          return out.toByteArray();
        }
      }
    }

    // -- writes: src/gatt-client.c characteristic_write_value, then the server's checks

    @Override
    public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
      writeObserver.accept(new Value(chr.uuid(), value.clone()));
      Link l = link();
      String type = Dbus.string(options, "type").orElse(null);
      int offset = Dbus.number(options, "offset").orElse(0);
      List<String> flags = chr.flags();
      if ((type == null && flags.contains("write")) || "request".equals(type) || "reliable".equals(type)) {
        request(l, value.clone(), offset);
        return;
      }
      if ((type != null && !"command".equals(type)) || offset != 0 || (type == null && !flags.contains("write-without-response"))) {
        throw new org.bluez.Error.NotSupported("Operation is not supported");
      }
      if (value.length > l.linkMtu - 3) {
        throw new org.bluez.Error.Failed("Failed to initiate write");
      }
      byte[] copy = value.clone();
      // A write command is not confirmed: the central does not wait, the server drops what it
      // refuses (not writable, or more than 510 bytes: bluetoothd counts the handle too).
      if (!chr.writable() || copy.length + 2 > MAX_VALUE) {
        return;
      }
      l.post(() -> {
        try {
          target().WriteValue(copy, l.options(0));
        } catch (DBusException e) {
          throw new IllegalStateException(e);
        }
      }, true);
    }

    private void request(Link l, byte[] value, int offset) {
      synchronized (lock) {
        if (writing) {
          throw new org.bluez.Error.InProgress("In Progress");
        }
        writing = true;
      }
      try {
        boolean longWrite = value.length > l.linkMtu - 3 || offset != 0;
        List<int[]> pieces = new ArrayList<>();
        if (!longWrite) {
          // The server checks the PDU, handle included, against 512.
          if (value.length + 2 > MAX_VALUE) {
            throw centralError(0x0d);
          }
          pieces.add(new int[] {0, value.length, offset});
        } else {
          int size = l.linkMtu - 5;
          for (int from = 0; from < value.length || from == 0; from += size) {
            int len = Math.min(size, value.length - from);
            if (len + offset + from > MAX_VALUE) {
              throw centralError(0x0d);
            }
            pieces.add(new int[] {from, len, offset + from});
            if (len == 0) {
              break;
            }
          }
        }
        if (!chr.writable()) {
          throw centralError(0x03);
        }
        if (failWrite.test(new Value(chr.uuid(), value))) {
          throw centralError(0x0e);
        }
        // Executed one piece after another, each its own WriteValue with its offset.
        for (int[] p : pieces) {
          byte[] piece = Arrays.copyOfRange(value, p[0], p[0] + p[1]);
          int at = p[2];
          if (chr.flags().contains("write-without-response")) {
            // bluetoothd 5.66 does not wait for the application here and acknowledges at once.
            l.post(() -> {
              try {
                target().WriteValue(piece, l.options(at));
              } catch (DBusException e) {
                throw new IllegalStateException(e);
              }
            }, false);
            continue;
          }
          try {
            l.forward(() -> {
              try {
                target().WriteValue(piece, l.options(at));
              } catch (DBusExecutionException e) {
                throw new AttError(attError(e, false));
              }
              return Boolean.TRUE;
            });
          } catch (AttError e) {
            throw centralError(e.code);
          }
        }
      } finally {
        synchronized (lock) {
          writing = false;
        }
      }
    }

    // -- notifications

    @Override
    public void StartNotify() {
      if (!chr.flags().contains("notify") && !chr.flags().contains("indicate")) {
        throw new org.bluez.Error.NotSupported("Operation is not supported");
      }
      link();
      if (subscribers.add(sender()) && subscribers.size() == 1) {
        appStartNotify();
        changed(path, Dbus.GATT_CHARACTERISTIC, Map.of("Notifying", new Variant<>(Boolean.TRUE)));
      }
    }

    @Override
    public void StopNotify() {
      unsubscribe(sender());
    }

    void unsubscribe(String client) {
      if (subscribers.remove(client) && subscribers.isEmpty()) {
        appStopNotify();
        changed(path, Dbus.GATT_CHARACTERISTIC, Map.of("Notifying", new Variant<>(Boolean.FALSE)));
      }
    }

    /** The CCC write that turns notifications on reaches the application as StartNotify, before the reply. */
    void appStartNotify() {
      Link l = device.link;
      if (l != null) {
        try {
          l.forward(() -> {
            target().StartNotify();
            return Boolean.TRUE;
          });
        } catch (RuntimeException e) {
          // bluetoothd ignores what the application answers.
        }
      }
    }

    void appStopNotify() {
      Link l = device.link;
      if (l != null) {
        l.post(() -> {
          try {
            target().StopNotify();
          } catch (DBusException e) {
            throw new IllegalStateException(e);
          }
        }, false);
      }
    }

    /** A notification: at most 512 bytes (the peripheral's database), then MTU - 3 (the PDU). */
    void notifyValue(byte[] value) {
      Link l = device.link;
      if (subscribers.isEmpty() || l == null || !l.up) {
        return;
      }
      byte[] pdu = Arrays.copyOf(value, Math.min(value.length, Math.min(MAX_VALUE, l.linkMtu - 3)));
      Runnable emit = () -> changed(path, Dbus.GATT_CHARACTERISTIC, Map.of("Value", new Variant<>(pdu)));
      if (reorder && notifications.incrementAndGet() % 3 == 0) {
        timer.schedule(() -> {
          if (l.up) {
            emit.run();
          }
        }, 15, TimeUnit.MILLISECONDS);
      } else {
        emit.run();
      }
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

  /** An application changed a characteristic's Value: notify the subscribed centrals. */
  private void onApplicationSignal(Properties.PropertiesChanged signal) {
    if (FENCE.equals(signal.getInterfaceName())) {
      var latch = fences.get(signal.getPath());
      if (latch != null) {
        latch.countDown();
      }
      return;
    }
    if (!Dbus.GATT_CHARACTERISTIC.equals(signal.getInterfaceName()) || signal.getPath().startsWith("/org/bluez/")) {
      return;
    }
    String owner = signal.getSource();
    Dbus.bytes(signal.getPropertiesChanged(), "Value").ifPresent(value -> {
      for (Link l : links) {
        l.peripheral.apps.stream().filter(a -> a.owner.equals(owner)).forEach(app -> {
          for (MirrorCharacteristic m : l.central.mirrors.getOrDefault(app, List.of())) {
            if (m.chr.path().equals(signal.getPath())) {
              m.notifyValue(value);
            }
          }
        });
      }
    });
  }

  /** A client's bus connection closed: bluetoothd drops what it registered and subscribed. */
  private void onNameOwnerChanged(DBus.NameOwnerChanged signal) {
    if (!signal.name.startsWith(":") || !signal.newOwner.isEmpty()) {
      return;
    }
    String client = signal.name;
    for (Adapter a : adapters.values()) {
      a.clientGone(client);
    }
    for (Object o : exported.values()) {
      if (o instanceof MirrorCharacteristic m) {
        m.unsubscribe(client);
      }
    }
  }
}
