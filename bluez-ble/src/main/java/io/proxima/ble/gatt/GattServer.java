package io.proxima.ble.gatt;

import reactor.core.publisher.Mono;

/**
 * The verifier's registered GATT service, advertised under the session's local name. Created by
 * a {@link GattPeripheral}; calls from centrals go to its {@link GattServerHandler}.
 */
public interface GattServer {

  /**
   * Notifies a value on a notify characteristic to the subscribed centrals. Completes when handed
   * to the stack; errors with {@link io.proxima.ble.GattException} when that fails.
   */
  Mono<Void> notify(Characteristic characteristic, byte[] value);

  /**
   * Stops advertising (the session has its wallet), keeping the service. Completes when done;
   * errors with {@link io.proxima.ble.GattException}.
   */
  Mono<Void> stopAdvertising();

  /** Disconnects one central. Completes when done; never errors (a gone central is fine). */
  Mono<Void> disconnect(String device);

  /**
   * Unregisters the advertisement and the application and releases everything. Completes when
   * done; idempotent; never errors.
   */
  Mono<Void> close();
}
