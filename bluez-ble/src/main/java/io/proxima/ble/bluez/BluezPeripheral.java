package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.BluezServer;
import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.gatt.GattPeripheral;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The GATT peripheral role on Linux BlueZ over D-Bus: each session registers its own GATT
 * application (GattManager1) and advertisement (LEAdvertisingManager1) on its own private bus
 * connection. Immutable; setters return new instances.
 *
 * <p>Works on any bus address, TCP included, because it needs no file-descriptor passing: it
 * never offers AcquireWrite/AcquireNotify, so BlueZ delivers writes through WriteValue and takes
 * notifications from PropertiesChanged.
 */
public final class BluezPeripheral implements GattPeripheral {

  /** The adapter used unless configured. */
  public static final String DEFAULT_ADAPTER = "hci0";
  static final Pattern ADAPTER = Pattern.compile("hci[0-9]{1,3}");

  private final @Nullable String busAddress;
  private final String adapter;
  private final Duration advertisingRefresh;

  private BluezPeripheral(@Nullable String busAddress, String adapter, Duration advertisingRefresh) {
    this.busAddress = busAddress;
    this.adapter = adapter;
    this.advertisingRefresh = advertisingRefresh;
  }

  /** On the system bus, adapter {@value #DEFAULT_ADAPTER}, no advertising refresh. */
  public static BluezPeripheral create() {
    return new BluezPeripheral(null, DEFAULT_ADAPTER, Duration.ZERO);
  }

  /**
   * Re-registers the advertisement at this interval until a wallet is accepted; {@link
   * Duration#ZERO} (the default) never does. Real radios repeat advertisements by themselves;
   * emulated controllers such as btvirt report an advertiser only when advertising or scanning
   * starts, so a wallet that scans after the verifier advertised needs this to find it.
   */
  public BluezPeripheral advertisingRefresh(Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("advertisingRefresh must not be negative");
    }
    return new BluezPeripheral(busAddress, adapter, interval);
  }

  /**
   * The D-Bus address of BlueZ's bus, e.g. {@code unix:path=/run/dbus/system_bus_socket} or
   * {@code tcp:host=127.0.0.1,port=55556}; null for the system bus.
   */
  public BluezPeripheral busAddress(@Nullable String address) {
    return new BluezPeripheral(address, adapter, advertisingRefresh);
  }

  /** The adapter, e.g. {@code hci0}. */
  public BluezPeripheral adapter(String name) {
    if (!ADAPTER.matcher(Objects.requireNonNull(name, "adapter")).matches()) {
      throw new IllegalArgumentException("adapter must look like hci0, got " + name);
    }
    return new BluezPeripheral(busAddress, name, advertisingRefresh);
  }

  public @Nullable String busAddress() {
    return busAddress;
  }

  public String adapter() {
    return adapter;
  }

  /**
   * Connects to the bus, exports and registers the GATT application, then the advertisement
   * (after this session's previous service on the adapter, if it is still being released, is
   * gone). Emits the server when both registrations succeeded; errors with {@link
   * io.proxima.ble.GattException} naming the step and BlueZ's error. Blocking D-Bus calls run on
   * a bounded elastic scheduler. A server emitted after cancellation is closed.
   */
  @Override
  public Mono<GattServer> open(SessionId sessionId, BleEndpoint endpoint, GattServerHandler handler) {
    return Mono.defer(() -> BluezServer.releasedBy(busAddress, adapter, sessionId))
        .then(Dbus.<GattServer>call("registering the GATT service on " + adapter, sessionId, () -> BluezServer.open(busAddress, adapter, advertisingRefresh, sessionId, endpoint, handler)))
        .doOnDiscard(GattServer.class, s -> s.close().subscribe());
  }

  @Override
  public String toString() {
    return "BluezPeripheral[" + (busAddress == null ? "system bus" : busAddress) + ", " + adapter + "]";
  }
}
