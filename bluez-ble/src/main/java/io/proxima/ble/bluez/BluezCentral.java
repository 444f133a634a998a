package io.proxima.ble.bluez;

import io.proxima.ble.bluez.internal.BluezClient;
import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattClient;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The GATT central role on Linux BlueZ over D-Bus: discovers the verifier by its local name
 * (restarting discovery now and then, since some controllers report an advertiser only once),
 * connects, resolves the service, subscribes with StartNotify and reads notifications from
 * PropertiesChanged. Each connection has its own private bus connection. Immutable.
 */
public final class BluezCentral implements GattCentral {

  /** The adapter used unless configured. */
  public static final String DEFAULT_ADAPTER = "hci0";
  /** How often discovery is restarted while the verifier has not been found. */
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(3);

  private final @Nullable String busAddress;
  private final String adapter;
  private final Duration rescanInterval;

  private BluezCentral(@Nullable String busAddress, String adapter, Duration rescanInterval) {
    this.busAddress = busAddress;
    this.adapter = adapter;
    this.rescanInterval = rescanInterval;
  }

  /** On the system bus, adapter {@value #DEFAULT_ADAPTER}. */
  public static BluezCentral create() {
    return new BluezCentral(null, DEFAULT_ADAPTER, DEFAULT_RESCAN_INTERVAL);
  }

  /** The D-Bus address of BlueZ's bus (unix or TCP); null for the system bus. */
  public BluezCentral busAddress(@Nullable String address) {
    return new BluezCentral(address, adapter, rescanInterval);
  }

  /** The adapter, e.g. {@code hci1}. */
  public BluezCentral adapter(String name) {
    if (!BluezPeripheral.ADAPTER.matcher(Objects.requireNonNull(name, "adapter")).matches()) {
      throw new IllegalArgumentException("adapter must look like hci0, got " + name);
    }
    return new BluezCentral(busAddress, name, rescanInterval);
  }

  /** How often to restart discovery while searching. */
  public BluezCentral rescanInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("rescanInterval must be positive");
    }
    return new BluezCentral(busAddress, adapter, interval);
  }

  /**
   * Discovers, connects, resolves and subscribes. Emits the link; errors with {@link
   * io.proxima.ble.GattException}; never completes empty and has no time bound of its own (the
   * transport applies its setup timeout). Cancelling disconnects.
   */
  @Override
  public Mono<GattClient> connect(SessionId sessionId, BleEndpoint endpoint) {
    return BluezClient.connect(busAddress, adapter, sessionId, endpoint, rescanInterval);
  }

  @Override
  public String toString() {
    return "BluezCentral[" + (busAddress == null ? "system bus" : busAddress) + ", " + adapter + "]";
  }
}
