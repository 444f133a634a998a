package io.proxima.ble;

import io.proxima.ble.bluez.BluezPeripheral;
import io.proxima.ble.gatt.GattPeripheral;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.internal.VerifierSession;
import io.proxima.engagement.BleEndpoint;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The verifier over BLE: a GATT peripheral serving the service of PROTOCOL.md §5. Immutable and
 * thread-safe; every setter returns a new instance; one instance serves any number of sessions
 * (each registers its own service and advertisement).
 *
 * <pre>{@code
 * VerifierTransport ble = BleVerifierTransport.create(BluezPeripheral.create().adapter("hci0"));
 * VerifierTransport test = BleVerifierTransport.create(air.peripheral());   // in-memory air
 * }</pre>
 */
public final class BleVerifierTransport implements VerifierTransport {

  private final GattPeripheral peripheral;
  private final BleSettings settings;

  private BleVerifierTransport(GattPeripheral peripheral, BleSettings settings) {
    this.peripheral = peripheral;
    this.settings = settings;
  }

  /** A verifier on the given GATT backend with {@link BleSettings#DEFAULT}. */
  public static BleVerifierTransport create(GattPeripheral peripheral) {
    return new BleVerifierTransport(Objects.requireNonNull(peripheral, "peripheral"), BleSettings.DEFAULT);
  }

  /** A verifier on BlueZ over the system bus, default adapter; see {@link BluezPeripheral} for other buses. */
  public static BleVerifierTransport bluez() {
    return create(BluezPeripheral.create());
  }

  public BleVerifierTransport settings(BleSettings newSettings) {
    return new BleVerifierTransport(peripheral, Objects.requireNonNull(newSettings, "settings"));
  }

  public BleSettings settings() {
    return settings;
  }

  @Override
  public TransportType type() {
    return TransportType.BLE;
  }

  /**
   * Registers the GATT service and advertises a fresh random local name. Emits the listener once
   * both succeeded. Errors with {@link GattException} when BlueZ refuses, and with {@link
   * SessionTimeoutException} after {@link BleSettings#setupTimeout()}. Cancelling unregisters.
   */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId) {
    return Mono.defer(() -> listen(sessionId, BleEndpoint.random()));
  }

  /**
   * As {@link #listen(SessionId)}, advertising the given local name. Also errors with {@link
   * TransportException} when the endpoint is not a BLE one.
   */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(endpoint, "endpoint");
    return Mono.defer(
        () -> {
          if (!(endpoint instanceof BleEndpoint ble)) {
            return Mono.error(new TransportException("BLE cannot listen at a " + endpoint.type() + " endpoint", sessionId, null));
          }
          VerifierSession session = new VerifierSession(sessionId, ble, settings);
          AtomicReference<GattServer> opened = new AtomicReference<>();
          return peripheral
              .open(sessionId, ble, session)
              .doOnNext(opened::set)
              .timeout(
                  settings.setupTimeout(),
                  Mono.error(() -> new SessionTimeoutException("GATT registration and advertising", settings.setupTimeout(), sessionId)),
                  Schedulers.parallel())
              .map(server -> (SessionListener) session.attach(server))
              // Handed over: from now on the listener's owner releases it.
              .doOnNext(l -> opened.set(null))
              .doOnCancel(() -> release(opened))
              .doOnError(e -> release(opened));
        });
  }

  private static void release(AtomicReference<GattServer> opened) {
    GattServer server = opened.getAndSet(null);
    if (server != null) {
      server.close().subscribe(null, e -> {});
    }
  }

  @Override
  public String toString() {
    return "BleVerifierTransport[" + peripheral + "]";
  }
}
