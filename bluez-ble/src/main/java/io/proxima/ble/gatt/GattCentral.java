package io.proxima.ble.gatt;

import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import reactor.core.publisher.Mono;

/** Finds and connects to a verifier's GATT service: the central role of a GATT backend. */
public interface GattCentral {

  /**
   * Discovers the peripheral advertising the endpoint's local name, connects, waits for its
   * services, finds the characteristics and subscribes to Transfer Summary Report and Disconnect.
   * Emits the link when ready; nothing happens until subscribed. Errors with {@link
   * io.proxima.ble.GattException} when a step fails. Never completes empty; time bounds are the
   * caller's (a Reactor {@code timeout}); cancelling releases whatever was set up.
   */
  Mono<GattClient> connect(SessionId sessionId, BleEndpoint endpoint);
}
