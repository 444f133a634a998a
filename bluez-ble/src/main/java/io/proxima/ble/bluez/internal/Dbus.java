package io.proxima.ble.bluez.internal;

import io.proxima.ble.GattException;
import io.proxima.message.SessionId;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.connections.transports.AbstractTransport;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * D-Bus plumbing shared by the BlueZ peripheral and central: connections to an injectable bus
 * address, the scheduler every blocking dbus-java call runs on, and error mapping.
 */
public final class Dbus {

  /** BlueZ's well-known bus name. */
  public static final String BLUEZ = "org.bluez";
  public static final String ADAPTER = "org.bluez.Adapter1";
  public static final String DEVICE = "org.bluez.Device1";
  public static final String GATT_SERVICE = "org.bluez.GattService1";
  public static final String GATT_CHARACTERISTIC = "org.bluez.GattCharacteristic1";
  public static final String ADVERTISEMENT = "org.bluez.LEAdvertisement1";

  private static final class Holder {
    // dbus-java calls block: they run here, never on a Reactor parallel or event-loop thread.
    static final Scheduler BLOCKING = Schedulers.newBoundedElastic(32, 100_000, "proxima-dbus", 60, true);
  }

  private Dbus() {}

  /** The scheduler for blocking D-Bus calls: bounded elastic, daemon threads. */
  public static Scheduler scheduler() {
    return Holder.BLOCKING;
  }

  /**
   * Opens a private (unshared) connection. Blocking. Method calls into objects exported on it are
   * handled by one thread, in the order they arrived, as bluetoothd sends them.
   *
   * @param address a D-Bus address ({@code unix:path=...}, {@code tcp:host=127.0.0.1,port=N}), or
   *     null for the system bus
   */
  public static DBusConnection connect(@Nullable String address) throws DBusException {
    DBusConnectionBuilder builder = address == null ? DBusConnectionBuilder.forSystemBus() : DBusConnectionBuilder.forAddress(address);
    AtomicReference<AbstractTransport> transport = new AtomicReference<>();
    DBusConnection connection = builder.withShared(false)
        .transportConfig().withPreConnectCallback(transport::set).back()
        .receivingThreadConfig().withMethodCallThreadCount(1).withSignalThreadCount(1).connectionConfig()
        .build();
    noDelay(transport.get());
    return connection;
  }

  /**
   * dbus-java leaves Nagle's algorithm on for TCP buses, and a call then waits for the peer's
   * delayed ACK: about 50 ms per call against bluetoothd in the bluez-vm guest, 7 ms without.
   */
  private static void noDelay(@Nullable AbstractTransport transport) {
    if (transport == null || transport.getTransportConnection() == null) {
      return;
    }
    SocketChannel channel = transport.getTransportConnection().getChannel();
    try {
      if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Unix sockets have no Nagle to switch off.
    }
  }

  /** Runs a blocking D-Bus step on {@link #scheduler()}, mapping its failure to a {@link GattException}. */
  public static <T> Mono<T> call(String operation, @Nullable SessionId sessionId, BlockingCall<T> call) {
    return Mono.fromCallable(call::call)
        .subscribeOn(scheduler())
        .onErrorMap(e -> !(e instanceof GattException), e -> gattException(operation, e, sessionId));
  }

  /** Runs a blocking D-Bus step that returns nothing. */
  public static Mono<Void> run(String operation, @Nullable SessionId sessionId, BlockingRun run) {
    return call(operation, sessionId, () -> {
      run.run();
      return Boolean.TRUE;
    }).then();
  }

  /** A blocking D-Bus call. */
  @FunctionalInterface
  public interface BlockingCall<T> {
    T call() throws Exception;
  }

  /** A blocking D-Bus call without result. */
  @FunctionalInterface
  public interface BlockingRun {
    void run() throws Exception;
  }

  /** A {@link GattException} naming the operation and, where there is one, the D-Bus error. */
  public static GattException gattException(String operation, Throwable e, @Nullable SessionId sessionId) {
    return new GattException(operation, Optional.ofNullable(e.getMessage()).filter(m -> !m.isBlank()).orElse(e.getClass().getSimpleName()), errorName(e), sessionId, e);
  }

  /** The D-Bus error name of an exception dbus-java raised, if it had one we know. */
  public static @Nullable String errorName(Throwable e) {
    if (e instanceof DBusExecutionException d) {
      if (d.getClass() != DBusExecutionException.class) {
        return d.getClass().getName().replace('$', '.').replace("org.freedesktop.dbus.errors.", "org.freedesktop.DBus.Error.");
      }
      // An error name dbus-java has no class for travels in the type.
      return d.getType();
    }
    return null;
  }

  // ---- property values

  public static Optional<Object> value(@Nullable Map<String, Variant<?>> properties, String name) {
    if (properties == null) {
      return Optional.empty();
    }
    Variant<?> v = properties.get(name);
    return v == null ? Optional.empty() : Optional.ofNullable(v.getValue());
  }

  public static Optional<String> string(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name).map(Object::toString);
  }

  public static Optional<Boolean> bool(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name).filter(Boolean.class::isInstance).map(Boolean.class::cast);
  }

  public static Optional<Integer> number(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name).filter(Number.class::isInstance).map(n -> ((Number) n).intValue());
  }

  /** A byte array as dbus-java may deliver {@code ay}: {@code byte[]} or a list of bytes. */
  public static Optional<byte[]> bytes(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name).map(Dbus::toBytes);
  }

  public static byte[] toBytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof List<?> list) {
      byte[] out = new byte[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) list.get(i)).byteValue();
      }
      return out;
    }
    throw new IllegalArgumentException("not a byte array: " + v.getClass().getName());
  }

  /** A string array as dbus-java may deliver {@code as}. */
  public static List<String> strings(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name)
        .map(v -> v instanceof String[] a ? List.of(a) : v instanceof Collection<?> c ? c.stream().map(Object::toString).toList() : List.<String>of())
        .orElse(List.of());
  }

  /** An object path option as BlueZ sends it ({@code o}). */
  public static Optional<String> path(@Nullable Map<String, Variant<?>> properties, String name) {
    return value(properties, name).map(v -> v instanceof DBusPath p ? p.getPath() : v.toString());
  }
}
