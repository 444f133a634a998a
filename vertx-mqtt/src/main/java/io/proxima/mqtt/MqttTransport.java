package io.proxima.mqtt;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import io.proxima.mqtt.internal.BrokerConnection;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.WalletTransport;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The MQTT transport, configured immutably in the style of reactor-netty: every setter returns a
 * new instance, nothing connects until a returned {@link Mono} is subscribed.
 *
 * <pre>{@code
 * // a verifier gateway: one connection, any number of sessions
 * MqttGateway gateway = MqttTransport.create()
 *     .broker("mqtts://broker.internal:8883")
 *     .advertisedBroker("mqtts://broker.example:8883")
 *     .tls(MqttTls.defaults().trust(Path.of("ca.pem")))
 *     .connect()
 *     .block();                                   // at the edge only
 * SessionListener listener = gateway.listen(SessionId.random()).block();
 *
 * // a wallet: a connection of its own to the broker the engagement names
 * FrameConnection toVerifier = MqttTransport.create().connect(engagement).block();
 * }</pre>
 *
 * <p>Wire format: PROTOCOL.md §4 (MQTT 3.1.1, topics under {@code /proof/{id}/}, raw payloads,
 * legacy envelopes stripped on receive). {@code mqtt://} is plain TCP and {@code mqtts://} TLS
 * (the peer uses TLS whatever the scheme).
 */
public final class MqttTransport implements WalletTransport {

  private static final MqttTransport DEFAULT = new MqttTransport(MqttConfig.defaults(), null);

  private final MqttConfig config;
  private final @Nullable Vertx vertx;

  private MqttTransport(MqttConfig config, @Nullable Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
  }

  /** A transport with {@link MqttConfig#defaults()}; set at least {@link #broker} for a gateway. */
  public static MqttTransport create() {
    return DEFAULT;
  }

  /** The whole configuration at once. */
  public MqttTransport config(MqttConfig newConfig) {
    return new MqttTransport(Objects.requireNonNull(newConfig, "config"), vertx);
  }

  public MqttConfig config() {
    return config;
  }

  /**
   * The broker a gateway connects to, {@code mqtt://host:port} or {@code mqtts://host:port}.
   *
   * @throws IllegalArgumentException if the scheme is neither or the port is missing
   */
  public MqttTransport broker(String url) {
    return broker(URI.create(url));
  }

  /** See {@link #broker(String)}. Replaces a list set by {@link #brokers(List)}. */
  public MqttTransport broker(URI url) {
    Objects.requireNonNull(url, "url");
    return with(
        b -> {
          b.brokerUrl = url;
          b.brokerUrls = List.of(url);
        });
  }

  /**
   * Several brokers a gateway may use, in order: the nodes of one broker cluster (any node routes
   * to subscribers on every node). The first connection tries them in order until one accepts;
   * when the connection is lost, the gateway reconnects to the next broker in the list (round
   * robin, with the {@link #reconnect(ReconnectPolicy) reconnect policy}'s backoff between
   * attempts) and subscribes every live session's topics there before it is {@link
   * MqttConnectionState#CONNECTED} again. Without an {@link #advertisedBroker advertised broker},
   * engagements name the broker connected at the time the session starts listening. Wallet
   * connections ignore the list: they use the engagement's broker.
   *
   * @throws IllegalArgumentException if the list is empty, repeats a broker, or a URL is not
   *     {@code mqtt(s)://host:port}
   */
  public MqttTransport brokers(List<URI> urls) {
    Objects.requireNonNull(urls, "urls");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("brokers needs at least one broker URL");
    }
    List<URI> copy = List.copyOf(urls);
    return with(
        b -> {
          b.brokerUrl = copy.get(0);
          b.brokerUrls = copy;
        });
  }

  /** See {@link #brokers(List)}. */
  public MqttTransport brokers(String... urls) {
    return brokers(Arrays.stream(urls).map(URI::create).toList());
  }

  /** The broker URL put into engagements, when wallets reach the broker by another address. */
  public MqttTransport advertisedBroker(String url) {
    return advertisedBroker(URI.create(url));
  }

  /** See {@link #advertisedBroker(String)}. */
  public MqttTransport advertisedBroker(URI url) {
    return with(b -> b.advertisedBrokerUrl = Objects.requireNonNull(url, "url"));
  }

  /** The gateway's MQTT client id (wallet connections always generate theirs). */
  public MqttTransport clientId(String id) {
    return with(b -> b.clientId = Objects.requireNonNull(id, "id"));
  }

  /** User name and password for the broker. */
  public MqttTransport credentials(String username, String password) {
    return with(
        b -> {
          b.username = Objects.requireNonNull(username, "username");
          b.password = Objects.requireNonNull(password, "password");
        });
  }

  /** TLS settings for {@code mqtts://} brokers. */
  public MqttTransport tls(MqttTls tls) {
    return with(b -> b.tls = Objects.requireNonNull(tls, "tls"));
  }

  public MqttTransport keepAlive(Duration keepAlive) {
    return with(b -> b.keepAlive = keepAlive);
  }

  public MqttTransport connectTimeout(Duration timeout) {
    return with(b -> b.connectTimeout = timeout);
  }

  public MqttTransport ackTimeout(Duration timeout) {
    return with(b -> b.ackTimeout = timeout);
  }

  public MqttTransport setupTimeout(Duration timeout) {
    return with(b -> b.setupTimeout = timeout);
  }

  public MqttTransport sendTimeout(Duration timeout) {
    return with(b -> b.sendTimeout = timeout);
  }

  public MqttTransport sessionTimeout(Duration timeout) {
    return with(b -> b.sessionTimeout = timeout);
  }

  public MqttTransport maxMessageSize(int bytes) {
    return with(b -> b.maxMessageSize = bytes);
  }

  public MqttTransport qos(MqttQos qos) {
    return with(b -> b.qos = Objects.requireNonNull(qos, "qos"));
  }

  public MqttTransport inFlightWindow(int publishes) {
    return with(b -> b.inFlightWindow = publishes);
  }

  public MqttTransport subscriptionStrategy(SubscriptionStrategy strategy) {
    return with(b -> b.subscriptionStrategy = Objects.requireNonNull(strategy, "strategy"));
  }

  public MqttTransport reconnect(ReconnectPolicy policy) {
    return with(b -> b.reconnect = Objects.requireNonNull(policy, "policy"));
  }

  public MqttTransport inboundCapacity(int frames) {
    return with(b -> b.inboundCapacity = frames);
  }

  public MqttTransport identifyCapacity(int attempts) {
    return with(b -> b.identifyCapacity = attempts);
  }

  /** See {@link MqttConfig#releaseDuringConsent()}. */
  public MqttTransport releaseDuringConsent(boolean release) {
    return with(b -> b.releaseDuringConsent = release);
  }

  /**
   * The Vert.x instance to run on. Without one, a library-wide instance with daemon threads is
   * created on first use.
   */
  public MqttTransport vertx(Vertx newVertx) {
    return new MqttTransport(config, Objects.requireNonNull(newVertx, "vertx"));
  }

  @Override
  public TransportType type() {
    return TransportType.MQTT;
  }

  /**
   * Connects a gateway to {@link MqttConfig#brokerUrl()}, or to the first of {@link
   * MqttConfig#brokerUrls()} that accepts.
   *
   * <p>Emits the gateway once a broker accepted the connection (CONNACK). Errors with {@link
   * MqttTlsException} when the TLS handshake fails (untrusted CA, wrong host name, refused client
   * certificate), {@link MqttConnectionRefusedException} when the broker refuses the CONNECT (bad
   * credentials), {@link MqttConnectException} when the broker is unreachable, {@link
   * io.proxima.error.SessionTimeoutException} after {@link MqttConfig#connectTimeout()}, and
   * {@link IllegalStateException} when no broker is configured. With several brokers, each is
   * tried once in order and the last failure is the error (a TLS failure or a refused CONNECT ends
   * the attempt at once: every node has the same settings). The first connection is not retried
   * otherwise; reconnecting starts once connected. Cancelling disconnects.
   */
  public Mono<MqttGateway> connect() {
    return Mono.defer(
        () -> {
          if (config.brokerUrls().isEmpty()) {
            return Mono.error(new IllegalStateException("no broker configured: call broker(url) first"));
          }
          return BrokerConnection.connect(config, config.brokerUrls(), vertx, false).map(MqttGateway.class::cast);
        });
  }

  /**
   * A wallet session on a connection of its own to the broker of the engagement: connects,
   * subscribes to the request topic, and emits the connection once the broker acknowledged the
   * subscription, so the caller can send Identify without missing the request. Closing the
   * connection unsubscribes and disconnects.
   *
   * <p>Errors with {@link TransportException} when the engagement does not offer MQTT or names a
   * broker URL other than {@code mqtt://} or {@code mqtts://}, with the errors of {@link
   * #connect()} when connecting fails, and with {@link io.proxima.error.SessionTimeoutException}
   * after {@link MqttConfig#setupTimeout()}. Cancelling disconnects.
   */
  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    Objects.requireNonNull(engagement, "engagement");
    return Mono.defer(
        () -> {
          SessionId sessionId = engagement.sessionId();
          MqttEndpoint endpoint = engagement.mqtt().orElse(null);
          if (endpoint == null) {
            return Mono.error(new TransportException("engagement does not offer MQTT", sessionId, null));
          }
          try {
            MqttConfig.validateBrokerUrl(endpoint.brokerUrl(), "the engagement's brokerUrl");
          } catch (IllegalArgumentException e) {
            return Mono.error(new TransportException(e.getMessage(), sessionId, null));
          }
          return BrokerConnection.connect(config, List.of(endpoint.brokerUrl()), vertx, true)
              .flatMap(b -> b.connect(engagement).onErrorResume(e -> b.close().then(Mono.error(e))));
        });
  }

  private MqttTransport with(Consumer<ConfigBuilder> change) {
    ConfigBuilder b = new ConfigBuilder(config);
    change.accept(b);
    return new MqttTransport(b.build(), vertx);
  }

  @Override
  public String toString() {
    return "MqttTransport[" + config + "]";
  }
}
