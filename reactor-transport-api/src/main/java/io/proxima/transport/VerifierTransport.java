package io.proxima.transport;

import io.proxima.engagement.EngagementEndpoint;
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

  /**
   * Listens again for a session at an endpoint this transport handed out before, so that a wallet
   * holding the same engagement can come back: MQTT subscribes to the same topic id, BLE
   * advertises the same local name. Used to switch a session over to this transport after the
   * chosen one failed.
   *
   * <p>Same signals as {@link #listen(SessionId)}; also errors with {@link
   * io.proxima.error.TransportException} when the endpoint is not one this transport can serve.
   */
  Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint);
}
