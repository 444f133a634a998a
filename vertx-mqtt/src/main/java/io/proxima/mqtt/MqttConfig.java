package io.proxima.mqtt;

import io.proxima.transport.internal.AbstractFrameConnection;
import io.proxima.transport.internal.AbstractSessionListener;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link MqttTransport} is configured with. Immutable; built through the setters of
 * {@link MqttTransport}. {@link #toString()} never shows the password.
 *
 * @param brokerUrl the broker a gateway connects to first: {@code mqtt://host:port} (TCP) or {@code
 *     mqtts://host:port} (TLS); always the first of {@code brokerUrls}. Wallet connections use the
 *     broker of the engagement instead.
 * @param brokerUrls every broker a gateway may connect to, in order: the nodes of one broker
 *     cluster. The first connection tries them in order; after a loss the gateway reconnects to
 *     the next one in the list (round robin), resubscribing its sessions there. Empty when no
 *     broker is set; one element for a single broker.
 * @param advertisedBrokerUrl what goes into engagements as {@code brokerUrl}, when wallets reach
 *     the broker by another address than the gateway does (a load balancer, a public name);
 *     {@code null} means {@code brokerUrl}
 * @param clientId the MQTT client id of a gateway; {@code null} generates {@code proxima-<random>}.
 *     Wallet connections always generate one. Two clients with one id throw each other out.
 * @param username broker user name, or {@code null}
 * @param password broker password, or {@code null}
 * @param tls TLS settings for {@code mqtts://}
 * @param keepAlive MQTT keep-alive; the client pings when idle and drops the connection when the
 *     broker stays silent for 1.5 times this
 * @param connectTimeout longest wait for TCP, TLS and CONNACK of one connection attempt
 * @param ackTimeout longest wait for each SUBACK, UNSUBACK and (QoS 1) PUBACK
 * @param setupTimeout longest time {@code listen} and {@code connect(engagement)} take, including
 *     waiting for a reconnect
 * @param sendTimeout longest time one frame's send takes, including waiting for a reconnect and
 *     for room in the in-flight window
 * @param sessionTimeout longest life of a session, from listen or connect to close; then it fails
 *     with {@link io.proxima.error.SessionTimeoutException} and its topics are unsubscribed, so a
 *     forgotten session never leaks a subscription
 * @param maxMessageSize the largest frame payload sent or accepted, in bytes (the Vert.x default of
 *     8092 is too small for presentations); see the module README for oversize inbound messages
 * @param qos the QoS of publishes and subscriptions
 * @param inFlightWindow how many QoS 1 publishes may await their PUBACK at once; more queue
 * @param subscriptionStrategy how a gateway subscribes to its verifier sessions' topics
 * @param reconnect how a lost connection is restored
 * @param inboundCapacity frames buffered per session before it fails with {@link
 *     io.proxima.error.BufferOverflowException}
 * @param identifyCapacity unread Identify attempts buffered per listener; more are dropped
 * @param releaseDuringConsent whether a dedicated wallet connection disconnects from the broker
 *     once the request arrived and connects again to publish accept or reject, as the peer's
 *     wallet does (draft00 has one request per session)
 */
public record MqttConfig(
    @Nullable URI brokerUrl,
    List<URI> brokerUrls,
    @Nullable URI advertisedBrokerUrl,
    @Nullable String clientId,
    @Nullable String username,
    @Nullable String password,
    MqttTls tls,
    Duration keepAlive,
    Duration connectTimeout,
    Duration ackTimeout,
    Duration setupTimeout,
    Duration sendTimeout,
    Duration sessionTimeout,
    int maxMessageSize,
    MqttQos qos,
    int inFlightWindow,
    SubscriptionStrategy subscriptionStrategy,
    ReconnectPolicy reconnect,
    int inboundCapacity,
    int identifyCapacity,
    boolean releaseDuringConsent) {

  /** MQTT keep-alive of the peer: 60 s. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
  /** Default connection attempt timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default SUBACK/UNSUBACK/PUBACK timeout: 10 s. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
  /** Default listen/connect timeout: 30 s. */
  public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofSeconds(30);
  /** Default send timeout: 30 s. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
  /** Default longest session: 10 minutes (a user may take a while to consent). */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(10);
  /** Default largest frame: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
  /** Largest frame MQTT can carry in one PUBLISH (remaining length 268,435,455) minus topic room. */
  public static final int MAX_MESSAGE_SIZE_LIMIT = 268_435_455 - 1024;
  /** The Vert.x client's in-flight window, kept as the default. */
  public static final int DEFAULT_IN_FLIGHT_WINDOW = 10;
  /** The MQTT keep-alive field is 16 bits of seconds. */
  private static final long MAX_KEEP_ALIVE_SECONDS = 65_535;

  public MqttConfig {
    brokerUrls = brokerUrls == null ? List.of() : List.copyOf(brokerUrls);
    if (brokerUrl == null && !brokerUrls.isEmpty()) {
      brokerUrl = brokerUrls.get(0);
    } else if (brokerUrl != null && brokerUrls.isEmpty()) {
      brokerUrls = List.of(brokerUrl);
    } else if (brokerUrl != null && !brokerUrl.equals(brokerUrls.get(0))) {
      throw new IllegalArgumentException("brokerUrl must be the first of brokerUrls");
    }
    if (new HashSet<>(brokerUrls).size() != brokerUrls.size()) {
      throw new IllegalArgumentException("brokerUrls must not repeat a broker: " + brokerUrls);
    }
    Objects.requireNonNull(tls, "tls");
    requirePositive(keepAlive, "keepAlive");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(ackTimeout, "ackTimeout");
    requirePositive(setupTimeout, "setupTimeout");
    requirePositive(sendTimeout, "sendTimeout");
    requirePositive(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(subscriptionStrategy, "subscriptionStrategy");
    Objects.requireNonNull(reconnect, "reconnect");
    if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > MAX_KEEP_ALIVE_SECONDS) {
      throw new IllegalArgumentException("keepAlive must be 1 s to 65535 s");
    }
    if (maxMessageSize < 1 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
      throw new IllegalArgumentException("maxMessageSize must be 1.." + MAX_MESSAGE_SIZE_LIMIT);
    }
    if (inFlightWindow < 1 || inFlightWindow > 65_535) {
      throw new IllegalArgumentException("inFlightWindow must be 1..65535");
    }
    if (inboundCapacity < 1 || identifyCapacity < 1) {
      throw new IllegalArgumentException("inboundCapacity and identifyCapacity must be positive");
    }
    for (URI url : brokerUrls) {
      validateBrokerUrl(url, brokerUrls.size() == 1 ? "brokerUrl" : "brokerUrls entry " + url);
    }
    if (advertisedBrokerUrl != null) {
      validateBrokerUrl(advertisedBrokerUrl, "advertisedBrokerUrl");
    }
    if (clientId != null && clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId must not be empty; leave it unset to generate one");
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException("a password needs a username");
    }
  }

  /** The defaults: no broker yet, QoS 0, per-session subscriptions, reconnect forever. */
  public static MqttConfig defaults() {
    return new MqttConfig(
        null,
        List.of(),
        null,
        null,
        null,
        null,
        MqttTls.defaults(),
        DEFAULT_KEEP_ALIVE,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_ACK_TIMEOUT,
        DEFAULT_SETUP_TIMEOUT,
        DEFAULT_SEND_TIMEOUT,
        DEFAULT_SESSION_TIMEOUT,
        DEFAULT_MAX_MESSAGE_SIZE,
        MqttQos.AT_MOST_ONCE,
        DEFAULT_IN_FLIGHT_WINDOW,
        SubscriptionStrategy.PER_SESSION,
        ReconnectPolicy.defaults(),
        AbstractFrameConnection.DEFAULT_INBOUND_CAPACITY,
        AbstractSessionListener.DEFAULT_IDENTIFY_CAPACITY,
        false);
  }

  /**
   * The broker URL that goes into engagements: the advertised one, else the first broker (a
   * gateway with several brokers advertises the one it is connected to, see {@link
   * MqttGateway#advertisedBrokerUrl()}).
   */
  public @Nullable URI effectiveAdvertisedBrokerUrl() {
    return advertisedBrokerUrl != null ? advertisedBrokerUrl : brokerUrl;
  }

  /** Whether a URL is {@code mqtts://}. */
  public static boolean isTls(URI url) {
    return "mqtts".equals(url.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Checks a broker URL: scheme {@code mqtt} or {@code mqtts}, a host and an explicit port
   * (PROTOCOL.md §1).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void validateBrokerUrl(URI url, String what) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
      throw new IllegalArgumentException(what + " must be mqtt://host:port or mqtts://host:port, got scheme '" + scheme + "'");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + " has no host");
    }
    if (url.getPort() < 1 || url.getPort() > 65_535) {
      throw new IllegalArgumentException(what + " must carry an explicit port");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  @Override
  public String toString() {
    return "MqttConfig[brokerUrls=" + brokerUrls
        + ", advertisedBrokerUrl=" + advertisedBrokerUrl
        + ", clientId=" + clientId
        + ", username=" + username
        + ", password=" + (password == null ? "none" : "***")
        + ", tls=" + tls
        + ", keepAlive=" + keepAlive
        + ", connectTimeout=" + connectTimeout
        + ", ackTimeout=" + ackTimeout
        + ", setupTimeout=" + setupTimeout
        + ", sendTimeout=" + sendTimeout
        + ", sessionTimeout=" + sessionTimeout
        + ", maxMessageSize=" + maxMessageSize
        + ", qos=" + qos
        + ", inFlightWindow=" + inFlightWindow
        + ", subscriptionStrategy=" + subscriptionStrategy
        + ", reconnect=" + reconnect
        + ", inboundCapacity=" + inboundCapacity
        + ", identifyCapacity=" + identifyCapacity
        + ", releaseDuringConsent=" + releaseDuringConsent
        + "]";
  }
}
