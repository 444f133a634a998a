package io.proxima.mqtt;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.net.URI;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One MQTT connection to a broker that serves any number of sessions, verifier and wallet, at
 * once: a gateway does not open a connection per session. Obtained from {@link
 * MqttTransport#connect()}. Thread-safe.
 *
 * <p>When the connection is lost it reconnects by itself ({@link MqttConfig#reconnect()}) with a
 * fresh client, subscribes every live session's topics again, and only then reports {@link
 * MqttConnectionState#CONNECTED}; meanwhile the sessions' frame connections are {@link
 * io.proxima.transport.ConnectionState#INTERRUPTED} and their sends wait.
 */
public interface MqttGateway extends VerifierTransport, WalletTransport, Disposable {

  @Override
  default TransportType type() {
    return TransportType.MQTT;
  }

  MqttConfig config();

  /**
   * The broker this gateway is connected to, or was last connected to while reconnecting: with
   * several {@link #brokerUrls() brokers}, the one of the current connection.
   */
  URI brokerUrl();

  /** Every broker this gateway may connect to, in order ({@link MqttTransport#brokers}). */
  List<URI> brokerUrls();

  /**
   * The broker URL that new listeners put into engagements: the {@linkplain
   * MqttTransport#advertisedBroker advertised} one, else {@link #brokerUrl()} at that moment.
   */
  URI advertisedBrokerUrl();

  /**
   * Subscribes to the session's identify, accept and reject topics (or relies on the gateway's
   * wildcard subscription) and emits the listener once the broker acknowledged them, so the
   * engagement is safe to show. The endpoint is {@link #advertisedBrokerUrl()} with the session
   * id as topic id. After a failover to another broker the session's topics are subscribed there
   * too, whatever broker its endpoint names.
   *
   * <p>Errors with {@link io.proxima.error.TransportException} when the session is already
   * listening on this gateway or the gateway is closed, {@link MqttSubscriptionException} when the
   * broker refuses a subscription, and {@link io.proxima.error.SessionTimeoutException} after
   * {@link MqttConfig#setupTimeout()}. Cancelling unsubscribes.
   */
  @Override
  Mono<SessionListener> listen(SessionId sessionId);

  /**
   * Listens again at an endpoint this gateway handed out; same signals as {@link
   * #listen(SessionId)}, and errors with {@link io.proxima.error.TransportException} unless the
   * endpoint is MQTT, names one of this gateway's brokers (or its advertised broker) and has the
   * session id as topic id.
   */
  @Override
  Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint);

  /**
   * A wallet session over this gateway's connection: subscribes to the request topic and emits
   * the connection once the broker acknowledged it, so the caller can send Identify without
   * missing the request. Errors with {@link io.proxima.error.TransportException} when the
   * engagement offers no MQTT, names a broker not among {@link #brokerUrls()} (nor the advertised one), or the session is already connected here,
   * and with {@link io.proxima.error.SessionTimeoutException} after {@link
   * MqttConfig#setupTimeout()}.
   */
  @Override
  Mono<FrameConnection> connect(Engagement engagement);

  /** The current state first, then every change. Completes after {@link MqttConnectionState#CLOSED}. */
  Flux<MqttConnectionState> state();

  MqttConnectionState currentState();

  /** Counters since the gateway was created. */
  MqttStats stats();

  /**
   * Closes the gateway: every open session fails with {@link
   * io.proxima.error.TransportClosedException}, then the client disconnects. Completes when
   * disconnected. Idempotent; nothing happens until subscribed.
   */
  Mono<Void> close();

  /**
   * Completes when the gateway was closed by {@link #close()}; errors with the cause when it
   * closed because reconnecting gave up.
   */
  Mono<Void> onClose();

  @Override
  default void dispose() {
    close().subscribe(null, e -> {});
  }

  @Override
  default boolean isDisposed() {
    return currentState() == MqttConnectionState.CLOSED;
  }
}
