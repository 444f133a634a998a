package io.proxima.transport;

import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import reactor.core.publisher.Mono;

/**
 * The verifier side of a transport: the server role (MQTT subscriber to the session's
 * submission topics; BLE GATT peripheral). Implementations are immutable and thread-safe; one
 * instance serves any number of concurrent sessions.
 */
public interface VerifierTransport {

  TransportType type();

  /**
   * Prepares to receive a wallet for one session: MQTT subscribes to identify, accept and reject;
   * BLE registers its GATT application and advertises. Only then is the engagement safe to show.
   *
   * <p>Emits the listener once ready; nothing happens until subscribed. Errors with {@link
   * io.proxima.error.TransportException} when setup fails and with {@link
   * io.proxima.error.SessionTimeoutException} when it takes longer than the transport's timeout.
   * Cancelling releases whatever was set up.
   */
  Mono<SessionListener> listen(SessionId sessionId);
}
