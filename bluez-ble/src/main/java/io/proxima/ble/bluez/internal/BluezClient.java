package io.proxima.ble.bluez.internal;

import io.proxima.ble.GattException;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.Notification;
import io.proxima.ble.gatt.WriteType;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The wallet's GATT link through BlueZ: discovers the verifier by local name on one adapter,
 * connects, waits for ServicesResolved, maps the characteristics and subscribes with StartNotify;
 * notifications arrive as PropertiesChanged of {@code Value}. No file descriptors are needed.
 */
public final class BluezClient implements GattClient {

  private static final Logger log = LoggerFactory.getLogger(BluezClient.class);

  private final @Nullable String busAddress;
  private final String adapterPath;
  private final SessionId sessionId;
  private final BleEndpoint endpoint;
  private final Duration rescanEvery;
  private final List<AutoCloseable> handlers = new CopyOnWriteArrayList<>();
  private final Sinks.One<String> found = Sinks.one();
  private final Sinks.One<Boolean> resolved = Sinks.one();
  private final Sinks.Many<Notification> notifications = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.One<String> lost = Sinks.one();
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean down = new AtomicBoolean();
  private final Map<Characteristic, String> paths = new EnumMap<>(Characteristic.class);
  private final Map<String, Characteristic> byPath = new ConcurrentHashMap<>();
  private volatile @Nullable DBusConnection connection;
  private volatile @Nullable String device;
  private volatile int mtu = Mtu.MIN;

  private BluezClient(@Nullable String busAddress, String adapter, SessionId sessionId, BleEndpoint endpoint, Duration rescanEvery) {
    this.busAddress = busAddress;
    this.adapterPath = "/org/bluez/" + adapter;
    this.sessionId = sessionId;
    this.endpoint = endpoint;
    this.rescanEvery = rescanEvery;
  }

  /**
   * Scans, connects, resolves and subscribes. Emits the ready client; errors with {@link
   * GattException}. Never completes empty; the caller bounds it in time. Releases everything when
   * it fails or is cancelled.
   */
  public static Mono<GattClient> connect(@Nullable String busAddress, String adapter, SessionId sessionId, BleEndpoint endpoint, Duration rescanEvery) {
    return Mono.defer(() -> {
      BluezClient client = new BluezClient(busAddress, adapter, sessionId, endpoint, rescanEvery);
      AtomicBoolean handedOver = new AtomicBoolean();
      return Dbus.run("connecting to the bus", sessionId, client::openBus)
          .then(client.discover())
          .flatMap(client::connectDevice)
          .then(client.resolve())
          .then(Dbus.run("StartNotify", sessionId, client::subscribe))
          .thenReturn((GattClient) client)
          .doOnNext(c -> handedOver.set(true))
          .doOnError(e -> client.disconnect().subscribe())
          // A subscriber that cancels while taking the value (take(1), next()) owns it already.
          .doOnCancel(() -> {
            if (!handedOver.get()) {
              client.disconnect().subscribe();
            }
          });
    });
  }

  private DBusConnection bus() {
    DBusConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("not connected to the bus");
    }
    return c;
  }

  private void openBus() throws Exception {
    DBusConnection c = Dbus.connect(busAddress);
    connection = c;
    handlers.add(c.addSigHandler(ObjectManager.InterfacesAdded.class, this::onInterfacesAdded));
    handlers.add(c.addSigHandler(ObjectManager.InterfacesRemoved.class, this::onInterfacesRemoved));
    handlers.add(c.addSigHandler(Properties.PropertiesChanged.class, this::onPropertiesChanged));
  }

  // ---- discovery

  private Mono<String> discover() {
    Mono<Void> start = Dbus.run("StartDiscovery on " + adapterPath, sessionId, () -> {
      Adapter1 adapter = bus().getRemoteObject(Dbus.BLUEZ, adapterPath, Adapter1.class);
      try {
        adapter.SetDiscoveryFilter(Map.of("Transport", new Variant<>("le"), "DuplicateData", new Variant<>(Boolean.TRUE)));
      } catch (RuntimeException e) {
        log.debug("[session {}] SetDiscoveryFilter failed: {}", sessionId, e.toString());
      }
      startDiscovery(adapter);
      // A device BlueZ already knows (from an earlier scan) may not be announced again.
      for (var entry : bus().getRemoteObject(Dbus.BLUEZ, "/", ObjectManager.class).GetManagedObjects().entrySet()) {
        considerDevice(entry.getKey().getPath(), entry.getValue().get(Dbus.DEVICE));
      }
    });
    return start.then(Mono.defer(() -> {
      // Advertising reports can be one-shot (btvirt); restarting discovery asks again.
      Disposable rescans = Flux.interval(rescanEvery, rescanEvery, Schedulers.parallel())
          .onBackpressureDrop()
          .concatMap(i -> Dbus.run("restart discovery", sessionId, () -> {
            Adapter1 adapter = bus().getRemoteObject(Dbus.BLUEZ, adapterPath, Adapter1.class);
            stopDiscovery(adapter);
            startDiscovery(adapter);
          }).onErrorResume(e -> Mono.empty()))
          .subscribe();
      return found.asMono().doFinally(s -> rescans.dispose());
    })).flatMap(path -> Dbus.run("StopDiscovery", sessionId, () -> stopDiscovery(bus().getRemoteObject(Dbus.BLUEZ, adapterPath, Adapter1.class)))
        .onErrorResume(e -> Mono.empty())
        .thenReturn(path));
  }

  private static void startDiscovery(Adapter1 adapter) {
    try {
      adapter.StartDiscovery();
    } catch (org.bluez.Error.InProgress e) {
      // Someone else is scanning on this adapter already: fine.
    }
  }

  private static void stopDiscovery(Adapter1 adapter) {
    try {
      adapter.StopDiscovery();
    } catch (RuntimeException e) {
      // Not discovering (any more): fine.
    }
  }

  private void considerDevice(String path, @Nullable Map<String, Variant<?>> properties) {
    if (properties == null || !path.startsWith(adapterPath + "/dev_")) {
      return;
    }
    String name = Dbus.string(properties, "Name").or(() -> Dbus.string(properties, "Alias")).orElse("");
    if (endpoint.name().equals(name)) {
      found.tryEmitValue(path);
    }
  }

  // ---- connection and service resolution

  private Mono<Void> connectDevice(String path) {
    device = path;
    return Dbus.run("Connect " + path, sessionId, () -> bus().getRemoteObject(Dbus.BLUEZ, path, Device1.class).Connect())
        .retryWhen(Retry.backoff(2, Duration.ofMillis(200)).scheduler(Schedulers.parallel()).onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .then(Dbus.run("checking ServicesResolved", sessionId, () -> {
          Object value = bus().getRemoteObject(Dbus.BLUEZ, path, Properties.class).Get(Dbus.DEVICE, "ServicesResolved");
          if (Boolean.TRUE.equals(value)) {
            resolved.tryEmitValue(true);
          }
        }));
  }

  private Mono<Void> resolve() {
    return resolved.asMono().then(Dbus.run("resolving the verifier's GATT service", sessionId, () -> {
      String dev = device;
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = bus().getRemoteObject(Dbus.BLUEZ, "/", ObjectManager.class).GetManagedObjects();
      String service = null;
      for (var e : objects.entrySet()) {
        Map<String, Variant<?>> s = e.getValue().get(Dbus.GATT_SERVICE);
        if (s != null && e.getKey().getPath().startsWith(dev + "/")
            && Dbus.string(s, "UUID").filter(u -> u.equalsIgnoreCase(Characteristic.SERVICE_UUID.toString())).isPresent()) {
          service = e.getKey().getPath();
        }
      }
      if (service == null) {
        throw new GattException("service discovery", "device " + dev + " has no service " + Characteristic.SERVICE_UUID, null, sessionId, null);
      }
      for (var e : objects.entrySet()) {
        Map<String, Variant<?>> c = e.getValue().get(Dbus.GATT_CHARACTERISTIC);
        if (c != null && Dbus.path(c, "Service").filter(service::equals).isPresent()) {
          Optional<Characteristic> which = Dbus.string(c, "UUID").flatMap(Characteristic::of);
          if (which.isPresent()) {
            paths.put(which.get(), e.getKey().getPath());
            byPath.put(e.getKey().getPath(), which.get());
            Dbus.number(c, "MTU").ifPresent(m -> mtu = m);
          }
        }
      }
      for (Characteristic c : Characteristic.values()) {
        if (!paths.containsKey(c)) {
          throw new GattException("service discovery", "characteristic " + c + " (" + c.uuid() + ") is missing", null, sessionId, null);
        }
      }
      log.debug("[session {}] connected to {} at {}, MTU {}", sessionId, endpoint.name(), dev, mtu);
    }));
  }

  private void subscribe() throws Exception {
    for (Characteristic c : List.of(Characteristic.TRANSFER_SUMMARY_REPORT, Characteristic.DISCONNECT)) {
      remote(c).StartNotify();
    }
  }

  private GattCharacteristic1 remote(Characteristic c) throws Exception {
    return bus().getRemoteObject(Dbus.BLUEZ, paths.get(c), GattCharacteristic1.class);
  }

  // ---- signals

  private void onInterfacesAdded(ObjectManager.InterfacesAdded signal) {
    considerDevice(signal.getSignalSource().getPath(), signal.getInterfaces().get(Dbus.DEVICE));
  }

  private void onInterfacesRemoved(ObjectManager.InterfacesRemoved signal) {
    String path = signal.getSignalSource().getPath();
    if (path.equals(device) && signal.getInterfaces().contains(Dbus.DEVICE)) {
      linkLost("the verifier's device object was removed");
    } else if (byPath.containsKey(path) && signal.getInterfaces().contains(Dbus.GATT_CHARACTERISTIC)) {
      // Service Changed: the verifier unregistered its service (or bluetoothd dropped it).
      linkLost("the verifier's GATT service disappeared");
    }
  }

  private void onPropertiesChanged(Properties.PropertiesChanged signal) {
    String path = signal.getPath();
    Map<String, Variant<?>> changed = signal.getPropertiesChanged();
    if (Dbus.DEVICE.equals(signal.getInterfaceName())) {
      if (path.equals(device)) {
        if (Dbus.bool(changed, "ServicesResolved").orElse(false)) {
          resolved.tryEmitValue(true);
        }
        if (Dbus.bool(changed, "Connected").filter(c -> !c).isPresent()) {
          linkLost("the verifier disconnected");
        }
      } else {
        considerDevice(path, changed);
      }
      return;
    }
    if (Dbus.GATT_CHARACTERISTIC.equals(signal.getInterfaceName())) {
      Characteristic c = byPath.get(path);
      if (c != null && c.notifies()) {
        Dbus.bytes(changed, "Value").ifPresent(v -> notifications.tryEmitNext(new Notification(c, v)));
      }
    }
  }

  private void linkLost(String reason) {
    if (down.compareAndSet(false, true)) {
      log.debug("[session {}] link to {} lost: {}", sessionId, endpoint.name(), reason);
      lost.tryEmitValue(reason);
      notifications.tryEmitComplete();
    }
  }

  // ---- GattClient

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public String peer() {
    String d = device;
    return d == null ? endpoint.name() : d;
  }

  @Override
  public Mono<byte[]> read(Characteristic characteristic) {
    return guard(Dbus.call("read " + characteristic, sessionId, () -> remote(characteristic).ReadValue(Map.of())), "read " + characteristic);
  }

  @Override
  public Mono<Void> write(Characteristic characteristic, byte[] value, WriteType type) {
    byte[] copy = value.clone();
    Map<String, Variant<?>> options = Map.of("type", new Variant<>(type == WriteType.WITHOUT_RESPONSE ? "command" : "request"));
    return guard(Dbus.run("write " + characteristic, sessionId, () -> remote(characteristic).WriteValue(copy, options)), "write " + characteristic);
  }

  /**
   * A failure on a link that is down is link loss, whatever BlueZ called it. So is ATT error 0x01
   * (Invalid Handle): the verifier's service is gone although the central was not told (bluetoothd
   * 5.66 stops sending Service Changed once its local handles pass about 0x0390).
   */
  private <T> Mono<T> guard(Mono<T> call, String operation) {
    return Mono.defer(() -> down.get() ? Mono.<T>error(new GattLinkLostException(operation + ": link is down", sessionId)) : call)
        .doOnError(e -> {
          if (String.valueOf(e.getMessage()).contains(INVALID_HANDLE)) {
            linkLost("the verifier's GATT service is gone (ATT Invalid Handle)");
          }
        })
        .onErrorMap(e -> down.get() && !(e instanceof GattLinkLostException), e -> new GattLinkLostException(operation + ": link is down", sessionId));
  }

  /** How bluetoothd's client words ATT error 0x01 (Invalid Handle). */
  private static final String INVALID_HANDLE = "ATT error: 0x01";

  @Override
  public Flux<Notification> notifications() {
    return notifications.asFlux();
  }

  @Override
  public Mono<String> linkLost() {
    return lost.asMono();
  }

  @Override
  public Mono<Void> disconnect() {
    return Dbus.run("disconnect", sessionId, this::release).onErrorResume(e -> Mono.empty());
  }

  private void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    down.set(true);
    notifications.tryEmitComplete();
    DBusConnection c = connection;
    if (c == null) {
      return;
    }
    String d = device;
    if (d != null) {
      for (Characteristic n : List.of(Characteristic.TRANSFER_SUMMARY_REPORT, Characteristic.DISCONNECT)) {
        if (paths.containsKey(n)) {
          try {
            remote(n).StopNotify();
          } catch (Exception e) {
            log.debug("[session {}] StopNotify failed: {}", sessionId, e.toString());
          }
        }
      }
      try {
        c.getRemoteObject(Dbus.BLUEZ, d, Device1.class).Disconnect();
      } catch (Exception e) {
        log.debug("[session {}] Disconnect failed: {}", sessionId, e.toString());
      }
    }
    for (AutoCloseable h : handlers) {
      try {
        h.close();
      } catch (Exception e) {
        log.debug("[session {}] removing a signal handler failed: {}", sessionId, e.toString());
      }
    }
    c.disconnect();
  }

  @Override
  public String toString() {
    return "BluezClient[" + endpoint.name() + " via " + adapterPath + "]";
  }
}
