package io.proxima.transport;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A verifier's transport, ready for one session before any wallet has shown up: MQTT subscribed
 * to the session's topics, BLE advertising its GATT service. Its {@link #endpoint()} goes into the
 * engagement.
 */
public interface SessionListener extends Disposable {

  SessionId sessionId();

  TransportType transportType();

  /** What a wallet needs to reach this listener; goes into the engagement. */
  EngagementEndpoint endpoint();

  /**
   * Every Identify that arrives, valid or not, until one is accepted. Excess attempts beyond a
   * bounded buffer are dropped, never failing the session. One subscriber at a time; a new
   * subscription continues where a cancelled one stopped.
   *
   * <p>Completes when an Identify is accepted or the listener is closed; errors with {@link
   * io.proxima.error.TransportException} when the transport fails before that.
   */
  Flux<InboundIdentify> identifies();

  /**
   * Binds the session to the wallet that sent {@code identify} and returns the connection to it;
   * later Identify messages are ignored. The connection takes over the listener's resources:
   * closing the connection releases them.
   *
   * <p>Emits once the connection is usable. Errors with {@link
   * io.proxima.error.ProtocolViolationException} if another Identify was accepted already or the
   * Identify came from another listener, and with {@link
   * io.proxima.error.TransportClosedException} if the listener is closed.
   */
  Mono<FrameConnection> accept(InboundIdentify identify);

  /** The current state first, then every change. Completes after {@link ConnectionState#CLOSED}. */
  Flux<ConnectionState> state();

  /**
   * Stops listening and releases everything, unless an Identify was accepted, after which the
   * connection owns the resources and this does nothing. Completes when released. Idempotent.
   */
  Mono<Void> close();

  /** Completes when the listener is closed or its Identify accepted; errors if it failed. */
  Mono<Void> onClose();

  @Override
  default void dispose() {
    close().subscribe(null, e -> {});
  }
}
