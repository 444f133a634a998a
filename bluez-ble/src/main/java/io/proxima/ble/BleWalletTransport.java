package io.proxima.ble;

import io.proxima.ble.bluez.BluezCentral;
import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.internal.WalletConnection;
import io.proxima.engagement.BleEndpoint;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.WalletTransport;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The wallet over BLE: a GATT central that finds the verifier by its advertised local name.
 * Immutable and thread-safe; every setter returns a new instance.
 *
 * <pre>{@code
 * WalletTransport ble = BleWalletTransport.create(BluezCentral.create().adapter("hci1"));
 * }</pre>
 */
public final class BleWalletTransport implements WalletTransport {

  private final GattCentral central;
  private final BleSettings settings;

  private BleWalletTransport(GattCentral central, BleSettings settings) {
    this.central = central;
    this.settings = settings;
  }

  /** A wallet on the given GATT backend with {@link BleSettings#DEFAULT}. */
  public static BleWalletTransport create(GattCentral central) {
    return new BleWalletTransport(Objects.requireNonNull(central, "central"), BleSettings.DEFAULT);
  }

  /** A wallet on BlueZ over the system bus, default adapter; see {@link BluezCentral} for other buses. */
  public static BleWalletTransport bluez() {
    return create(BluezCentral.create());
  }

  public BleWalletTransport settings(BleSettings newSettings) {
    return new BleWalletTransport(central, Objects.requireNonNull(newSettings, "settings"));
  }

  public BleSettings settings() {
    return settings;
  }

  @Override
  public TransportType type() {
    return TransportType.BLE;
  }

  /**
   * Scans for the engagement's local name, connects, resolves the service and subscribes to its
   * notifications. Emits the connection, ready for Identify; the request download starts once
   * Identify is written. Errors with {@link TransportException} when the engagement offers no BLE,
   * {@link GattException} when a GATT step fails, and {@link SessionTimeoutException} after
   * {@link BleSettings#setupTimeout()}. Cancelling disconnects.
   */
  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    Objects.requireNonNull(engagement, "engagement");
    return Mono.defer(
        () -> {
          SessionId sessionId = engagement.sessionId();
          BleEndpoint endpoint = engagement.ble().orElse(null);
          if (endpoint == null) {
            return Mono.error(new TransportException("engagement does not offer BLE", sessionId, null));
          }
          AtomicReference<GattClient> opened = new AtomicReference<>();
          return central
              .connect(sessionId, endpoint)
              .doOnNext(opened::set)
              .timeout(
                  settings.setupTimeout(),
                  Mono.error(() -> new SessionTimeoutException("discovering and connecting to " + endpoint.name(), settings.setupTimeout(), sessionId)),
                  Schedulers.parallel())
              .map(client -> (FrameConnection) new WalletConnection(sessionId, client, settings))
              // Handed over: from now on the connection's owner releases it (a subscriber that
              // cancels while taking the value, as next() does, must not lose it).
              .doOnNext(c -> opened.set(null))
              .doOnCancel(() -> release(opened))
              .doOnError(e -> release(opened));
        });
  }

  private static void release(AtomicReference<GattClient> opened) {
    GattClient client = opened.getAndSet(null);
    if (client != null) {
      client.disconnect().subscribe(null, e -> {});
    }
  }

  @Override
  public String toString() {
    return "BleWalletTransport[" + central + "]";
  }
}
