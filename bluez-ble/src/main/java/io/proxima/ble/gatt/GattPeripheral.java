package io.proxima.ble.gatt;

import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import reactor.core.publisher.Mono;

/** Opens the verifier's GATT service for one session: the peripheral role of a GATT backend. */
public interface GattPeripheral {

  /**
   * Registers the service with its characteristics and advertises the endpoint's local name and
   * the service UUID. Emits the server once both succeeded; nothing happens until subscribed.
   * Errors with {@link io.proxima.ble.GattException} when registration or advertising fails.
   * Cancelling releases whatever was registered.
   */
  Mono<GattServer> open(SessionId sessionId, BleEndpoint endpoint, GattServerHandler handler);
}
