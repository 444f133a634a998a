package io.proxima.ble.bluez.internal;

import io.proxima.ble.GattException;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The verifier's service registered with BlueZ over one private D-Bus connection: the exported
 * {@link GattApplication}, its registration with GattManager1 and LEAdvertisingManager1, and the
 * signal handlers that tell the session when a central disconnects or BlueZ goes away.
 */
public final class BluezServer implements GattServer {

  private static final Logger log = LoggerFactory.getLogger(BluezServer.class);
  /** Adapters serving a session in this JVM, by bus and adapter. */
  private static final Map<String, Registration> IN_USE = new ConcurrentHashMap<>();

  /** A session's hold on an adapter, and the signal that it let go. */
  private record Registration(SessionId sessionId, Sinks.Empty<Void> released) {}

  private final SessionId sessionId;
  private final String key;
  private final Registration registration;
  private final String adapterPath;
  private final GattServerHandler handler;
  private final DBusConnection connection;
  private final GattApplication application;
  private final List<AutoCloseable> handlers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean advertising = new AtomicBoolean();
  private final AtomicBoolean registered = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile Disposable refresher = Disposables.disposed();

  private BluezServer(SessionId sessionId, String adapterPath, BleEndpoint endpoint, GattServerHandler handler, DBusConnection connection, String key, Registration registration) {
    this.key = key;
    this.registration = registration;
    this.sessionId = sessionId;
    this.adapterPath = adapterPath;
    this.handler = handler;
    this.connection = connection;
    this.application = new GattApplication(endpoint.name(), handler, () -> serviceLost("BlueZ released the advertisement"));
  }

  /**
   * Connects, exports, registers the application and the advertisement. Blocking: runs on the
   * D-Bus scheduler. Releases everything it set up when a step fails.
   */
  public static BluezServer open(@Nullable String busAddress, String adapter, Duration advertisingRefresh, SessionId sessionId, BleEndpoint endpoint, GattServerHandler handler) throws Exception {
    // Every session serves the same service UUID: two on one adapter would be one merged GATT
    // database in which a wallet cannot tell its verifier's characteristics from the other's.
    String key = key(busAddress, adapter);
    Registration registration = new Registration(sessionId, Sinks.empty());
    Registration holder = IN_USE.putIfAbsent(key, registration);
    if (holder != null) {
      throw new GattException("registering the GATT service on " + adapter, "the adapter already serves session " + holder.sessionId() + "; BLE serves one session per adapter", null, sessionId, null);
    }
    DBusConnection connection;
    try {
      connection = Dbus.connect(busAddress);
    } catch (Exception e) {
      IN_USE.remove(key, registration);
      registration.released().tryEmitEmpty();
      throw e;
    }
    BluezServer server = new BluezServer(sessionId, "/org/bluez/" + adapter, endpoint, handler, connection, key, registration);
    try {
      server.start();
    } catch (Exception e) {
      server.release();
      throw e;
    }
    if (!advertisingRefresh.isZero()) {
      server.refreshEvery(advertisingRefresh);
    }
    return server;
  }

  private void start() throws Exception {
    handlers.add(connection.addSigHandler(Properties.PropertiesChanged.class, this::onPropertiesChanged));
    handlers.add(connection.addSigHandler(ObjectManager.InterfacesRemoved.class, this::onInterfacesRemoved));
    handlers.add(connection.addSigHandler(DBus.NameOwnerChanged.class, this::onNameOwnerChanged));
    application.export(connection);
    GattManager1 gatt = connection.getRemoteObject(Dbus.BLUEZ, adapterPath, GattManager1.class);
    try {
      gatt.RegisterApplication(new DBusPath(application.root), Map.of());
    } catch (RuntimeException e) {
      throw Dbus.gattException("RegisterApplication on " + adapterPath, e, sessionId);
    }
    registered.set(true);
    LEAdvertisingManager1 ads = connection.getRemoteObject(Dbus.BLUEZ, adapterPath, LEAdvertisingManager1.class);
    try {
      ads.RegisterAdvertisement(new DBusPath(application.advertisementPath), Map.of());
    } catch (RuntimeException e) {
      throw Dbus.gattException("RegisterAdvertisement on " + adapterPath, e, sessionId);
    }
    advertising.set(true);
    log.debug("[session {}] GATT application {} registered and advertised on {}", sessionId, application.root, adapterPath);
  }

  /**
   * Re-registers the advertisement periodically until a wallet is accepted. Some controllers
   * (btvirt among them) report an advertiser to a scanner only when one of the two starts, so a
   * wallet that starts scanning after the verifier advertised may not see it until advertising
   * restarts.
   */
  private void refreshEvery(Duration interval) {
    refresher = Flux.interval(interval, interval, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(i -> Dbus.run("refreshing the advertisement", sessionId, this::readvertise).onErrorResume(e -> {
          log.debug("[session {}] refreshing the advertisement failed: {}", sessionId, e.toString());
          return Mono.empty();
        }))
        .subscribe();
  }

  private synchronized void readvertise() throws Exception {
    if (!advertising.get() || closed.get()) {
      return;
    }
    LEAdvertisingManager1 ads = connection.getRemoteObject(Dbus.BLUEZ, adapterPath, LEAdvertisingManager1.class);
    ads.UnregisterAdvertisement(new DBusPath(application.advertisementPath));
    ads.RegisterAdvertisement(new DBusPath(application.advertisementPath), Map.of());
  }

  @Override
  public Mono<Void> notify(Characteristic characteristic, byte[] value) {
    byte[] copy = value.clone();
    return Dbus.run("notify " + characteristic, sessionId, () -> {
      if (!closed.get()) {
        // bluetoothd turns a change of Value into a notification to every subscribed central.
        connection.sendMessage(new Properties.PropertiesChanged(application.pathOf(characteristic), Dbus.GATT_CHARACTERISTIC, Map.of("Value", new Variant<>(copy)), List.of()));
      }
    });
  }

  @Override
  public Mono<Void> stopAdvertising() {
    return Dbus.run("UnregisterAdvertisement", sessionId, this::unregisterAdvertisement);
  }

  @Override
  public Mono<Void> disconnect(String device) {
    return Dbus.run("Disconnect " + device, sessionId, () -> connection.getRemoteObject(Dbus.BLUEZ, device, Device1.class).Disconnect())
        .onErrorResume(e -> {
          log.debug("[session {}] disconnecting {} failed: {}", sessionId, device, e.toString());
          return Mono.empty();
        });
  }

  @Override
  public Mono<Void> close() {
    return Dbus.run("close GATT application", sessionId, () -> {
      if (closed.compareAndSet(false, true)) {
        release();
      }
    }).onErrorResume(e -> Mono.empty());
  }

  private synchronized void unregisterAdvertisement() throws Exception {
    refresher.dispose();
    if (advertising.compareAndSet(true, false)) {
      connection.getRemoteObject(Dbus.BLUEZ, adapterPath, LEAdvertisingManager1.class).UnregisterAdvertisement(new DBusPath(application.advertisementPath));
    }
  }

  /** Unregisters and disconnects, ignoring what fails: BlueZ may be gone already. Blocking. */
  private void release() {
    closed.set(true);
    try {
      unregisterAdvertisement();
    } catch (Exception e) {
      log.debug("[session {}] UnregisterAdvertisement failed: {}", sessionId, e.toString());
    }
    if (registered.compareAndSet(true, false)) {
      try {
        connection.getRemoteObject(Dbus.BLUEZ, adapterPath, GattManager1.class).UnregisterApplication(new DBusPath(application.root));
      } catch (Exception e) {
        log.debug("[session {}] UnregisterApplication failed: {}", sessionId, e.toString());
      }
    }
    for (AutoCloseable h : handlers) {
      try {
        h.close();
      } catch (Exception e) {
        log.debug("[session {}] removing a signal handler failed: {}", sessionId, e.toString());
      }
    }
    application.unexport(connection);
    connection.disconnect();
    IN_USE.remove(key, registration);
    registration.released().tryEmitEmpty();
  }

  private static String key(@Nullable String busAddress, String adapter) {
    return (busAddress == null ? "system" : busAddress) + "|" + adapter;
  }

  /**
   * Completes when this session's earlier service on the adapter, if one is still being released,
   * is gone: a session that listens again (switch-over) right after closing its listener must not
   * meet its own registration. Completes at once otherwise (another session's hold is refused by
   * {@link #open}). Never errors.
   */
  public static Mono<Void> releasedBy(@Nullable String busAddress, String adapter, SessionId sessionId) {
    Registration holder = IN_USE.get(key(busAddress, adapter));
    return holder != null && holder.sessionId().equals(sessionId) ? holder.released().asMono() : Mono.empty();
  }

  // ---- signals from BlueZ

  private void onPropertiesChanged(Properties.PropertiesChanged signal) {
    if (Dbus.DEVICE.equals(signal.getInterfaceName()) && isOurDevice(signal.getPath())
        && Dbus.bool(signal.getPropertiesChanged(), "Connected").filter(c -> !c).isPresent()) {
      application.forget(signal.getPath());
      handler.onDisconnected(signal.getPath());
    }
  }

  private void onInterfacesRemoved(ObjectManager.InterfacesRemoved signal) {
    String path = signal.getSignalSource().getPath();
    if (signal.getInterfaces().contains(Dbus.DEVICE) && isOurDevice(path)) {
      application.forget(path);
      handler.onDisconnected(path);
    } else if (signal.getInterfaces().contains(Dbus.ADAPTER) && adapterPath.equals(path)) {
      serviceLost("adapter " + adapterPath + " was removed");
    }
  }

  private void onNameOwnerChanged(DBus.NameOwnerChanged signal) {
    if (Dbus.BLUEZ.equals(signal.name) && signal.newOwner.isEmpty()) {
      serviceLost("bluetoothd left the bus");
    }
  }

  private boolean isOurDevice(String path) {
    return path.startsWith(adapterPath + "/dev_") && path.indexOf('/', adapterPath.length() + 1) < 0;
  }

  private void serviceLost(String reason) {
    if (!closed.get() && lost.compareAndSet(false, true)) {
      log.debug("[session {}] GATT service lost: {}", sessionId, reason);
      advertising.set(false);
      refresher.dispose();
      handler.onServiceLost(reason);
    }
  }

  @Override
  public String toString() {
    return "BluezServer[" + application.root + " on " + adapterPath + "]";
  }
}
