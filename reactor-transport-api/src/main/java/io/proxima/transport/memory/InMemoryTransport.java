package io.proxima.transport.memory;

import io.proxima.engagement.BleEndpoint;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.proxima.transport.TransportCapabilities;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import io.proxima.transport.internal.AbstractFrameConnection;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Both sides of a transport in one JVM, over an {@link InMemoryHub}. Immutable: every {@code
 * with} method returns a new instance.
 *
 * <pre>{@code
 * InMemoryHub hub = InMemoryHub.create();
 * VerifierTransport verifier = InMemoryTransport.create(hub);                  // MQTT-like
 * WalletTransport wallet = InMemoryTransport.create(hub).faults(Faults.none().withLossRate(0.1));
 * }</pre>
 *
 * <p>{@link TransportType#MQTT} (the default) behaves like a broker: the endpoint is {@code
 * memory://HUB:1883} plus the session id as topic id, every wallet on the topic gets the
 * verifier's frames and can send to it, and closing only unsubscribes. {@link TransportType#BLE}
 * behaves like a GATT link: the endpoint is a random local name, only the accepted wallet talks
 * to the verifier, rejections carry no payload, a verifier's close notifies Disconnect and a
 * wallet's close is seen as link loss. Frames are delivered asynchronously and in order on the
 * configured scheduler ({@link Schedulers#parallel()} by default, looked up when used so that
 * virtual time works).
 */
public final class InMemoryTransport implements VerifierTransport, WalletTransport {

  /** The port of the MQTT-like broker URL. */
  public static final int PORT = 1883;
  /** The scheme of the MQTT-like broker URL. */
  public static final String SCHEME = "memory";
  /** Default largest frame: 1 MiB, as the MQTT transport. */
  public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 20;

  private static final AtomicInteger WALLETS = new AtomicInteger();

  private final InMemoryHub hub;
  private final TransportType type;
  private final Faults faults;
  private final int inboundCapacity;
  private final int maxFrameSize;
  private final @Nullable Scheduler scheduler;
  /** Shared by all sessions: a URI per pending session would cost hundreds of bytes each. */
  private final URI brokerUrl;

  private InMemoryTransport(
      InMemoryHub hub, TransportType type, Faults faults, int inboundCapacity, int maxFrameSize, @Nullable Scheduler scheduler) {
    this.hub = hub;
    this.type = type;
    this.faults = faults;
    this.inboundCapacity = inboundCapacity;
    this.maxFrameSize = maxFrameSize;
    this.scheduler = scheduler;
    this.brokerUrl = URI.create(SCHEME + "://" + hub.name() + ":" + PORT);
  }

  /** An MQTT-like transport on the hub with a perfect link. */
  public static InMemoryTransport create(InMemoryHub hub) {
    return new InMemoryTransport(
        Objects.requireNonNull(hub, "hub"),
        TransportType.MQTT,
        Faults.none(),
        AbstractFrameConnection.DEFAULT_INBOUND_CAPACITY,
        DEFAULT_MAX_FRAME_SIZE,
        null);
  }

  /** Which transport to behave like. */
  public InMemoryTransport type(TransportType newType) {
    return new InMemoryTransport(hub, Objects.requireNonNull(newType, "type"), faults, inboundCapacity, maxFrameSize, scheduler);
  }

  /** What goes wrong with the frames this side sends and with its setup. */
  public InMemoryTransport faults(Faults newFaults) {
    return new InMemoryTransport(hub, type, Objects.requireNonNull(newFaults, "faults"), inboundCapacity, maxFrameSize, scheduler);
  }

  /** How many unread inbound frames a connection buffers before it fails. */
  public InMemoryTransport inboundCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("inboundCapacity must be positive");
    }
    return new InMemoryTransport(hub, type, faults, capacity, maxFrameSize, scheduler);
  }

  /** The largest frame {@code send} accepts. */
  public InMemoryTransport maxFrameSize(int bytes) {
    return new InMemoryTransport(hub, type, faults, inboundCapacity, bytes, scheduler);
  }

  /** The scheduler that delivers frames (for example a virtual-time one). */
  public InMemoryTransport scheduler(Scheduler newScheduler) {
    return new InMemoryTransport(hub, type, faults, inboundCapacity, maxFrameSize, Objects.requireNonNull(newScheduler, "scheduler"));
  }

  public InMemoryHub hub() {
    return hub;
  }

  @Override
  public TransportType type() {
    return type;
  }

  TransportCapabilities capabilities() {
    return type == TransportType.BLE ? TransportCapabilities.ble(maxFrameSize) : TransportCapabilities.mqtt(maxFrameSize);
  }

  int inboundCapacity() {
    return inboundCapacity;
  }

  Link newLink() {
    return new Link(faults, scheduler());
  }

  private Scheduler scheduler() {
    return scheduler != null ? scheduler : Schedulers.parallel();
  }

  /**
   * Registers the session on the hub. Emits the listener after the configured setup delay;
   * errors with {@link TransportException} when setup failure is injected or the session id is
   * already listening. Cancelling before emission unregisters.
   */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return Mono.defer(
        () ->
            listen(
                sessionId,
                type == TransportType.BLE
                    ? BleEndpoint.random()
                    : new MqttEndpoint(brokerUrl, sessionId.uuid())));
  }

  /**
   * Registers the session at a given endpoint; errors with {@link TransportException} if the
   * endpoint is of another transport type, another hub, or (MQTT) another topic id.
   */
  @Override
  public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(endpoint, "endpoint");
    return setup()
        .then(
            Mono.fromCallable(
                () -> {
                  checkServes(sessionId, endpoint);
                  MemorySession session = new MemorySession(hub, sessionId, type, endpoint, key(endpoint));
                  MemoryListener listener = new MemoryListener(session, this);
                  session.attach(listener);
                  if (!hub.register(session)) {
                    throw new TransportException("session is already listening on " + hub.name(), sessionId, null);
                  }
                  return (SessionListener) listener;
                }))
        .doOnDiscard(SessionListener.class, SessionListener::dispose);
  }

  /**
   * Joins the session of the engagement. Emits after the configured setup delay; errors with
   * {@link TransportException} when the engagement does not offer this transport on this hub,
   * when nobody listens there, or when setup failure is injected.
   */
  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    Objects.requireNonNull(engagement, "engagement");
    return setup()
        .then(
            Mono.fromCallable(
                () -> {
                  SessionId sessionId = engagement.sessionId();
                  EngagementEndpoint endpoint =
                      engagement.endpoints().stream()
                          .filter(e -> e.type() == type)
                          .findFirst()
                          .orElseThrow(() -> new TransportException("engagement does not offer " + type, sessionId, null));
                  if (endpoint instanceof MqttEndpoint mqtt && !isThisHub(mqtt)) {
                    throw new TransportException("engagement's broker is not in-memory hub " + hub.name(), sessionId, null);
                  }
                  MemorySession session = hub.lookup(key(endpoint));
                  if (session == null) {
                    throw new TransportException("no verifier is listening at that " + type + " endpoint", sessionId, null);
                  }
                  MemoryWalletConnection wallet =
                      new MemoryWalletConnection(session, this, "memory-wallet-" + WALLETS.incrementAndGet());
                  if (!session.addWallet(wallet)) {
                    throw new TransportException("the verifier stopped listening", sessionId, null);
                  }
                  return (FrameConnection) wallet;
                }))
        .doOnDiscard(FrameConnection.class, FrameConnection::dispose);
  }

  private void checkServes(SessionId sessionId, EngagementEndpoint endpoint) {
    if (endpoint.type() != type) {
      throw new TransportException("in-memory " + type + " cannot listen at a " + endpoint.type() + " endpoint", sessionId, null);
    }
    if (endpoint instanceof MqttEndpoint mqtt
        && (!isThisHub(mqtt) || !mqtt.topicId().equals(sessionId.uuid()))) {
      throw new TransportException("endpoint is not this hub's topic for the session", sessionId, null);
    }
  }

  private boolean isThisHub(MqttEndpoint mqtt) {
    return SCHEME.equals(mqtt.brokerUrl().getScheme()) && hub.name().equals(mqtt.brokerUrl().getHost());
  }

  private Mono<Void> setup() {
    Mono<Void> outcome =
        faults.failSetup()
            ? Mono.error(new TransportException("injected setup failure on in-memory " + type, null, null))
            : Mono.empty();
    if (faults.setupDelay().isZero()) {
      return Mono.defer(() -> outcome);
    }
    return Mono.delay(faults.setupDelay(), scheduler()).then(outcome);
  }

  private static String key(EngagementEndpoint endpoint) {
    if (endpoint instanceof MqttEndpoint mqtt) {
      return "mqtt:" + mqtt.topicIdString();
    }
    return "ble:" + ((BleEndpoint) endpoint).name();
  }

  @Override
  public String toString() {
    return "InMemoryTransport[" + hub.name() + ", " + type + "]";
  }
}
