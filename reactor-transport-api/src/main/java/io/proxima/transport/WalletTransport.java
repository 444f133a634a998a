package io.proxima.transport;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import reactor.core.publisher.Mono;

/**
 * The wallet side of a transport: the client role (MQTT subscriber to the request topic; BLE
 * GATT central). Implementations are immutable and thread-safe.
 */
public interface WalletTransport {

  TransportType type();

  /** Whether the engagement offers an endpoint this transport can use. */
  default boolean supports(Engagement engagement) {
    return engagement.offers(type());
  }

  /**
   * Connects to the verifier of an engagement, ready to send Identify: MQTT is subscribed to the
   * request topic (so the request cannot be missed); BLE is connected with notifications on.
   *
   * <p>Emits the connection once ready; nothing happens until subscribed. Errors with {@link
   * io.proxima.error.TransportException} when the engagement does not offer this transport or
   * setup fails, and with {@link io.proxima.error.SessionTimeoutException} when it takes longer
   * than the transport's timeout. Cancelling releases whatever was set up.
   */
  Mono<FrameConnection> connect(Engagement engagement);
}
