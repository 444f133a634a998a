package io.proxima.mqtt.internal;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.error.ProximaException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.FrameKind;
import io.proxima.message.LegacyEnvelope;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttConfig;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttStats;
import io.proxima.mqtt.MqttSubscriptionException;
import io.proxima.mqtt.MqttTlsException;
import io.proxima.mqtt.MqttTopics;
import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One broker connection serving any number of sessions: the {@link MqttGateway} implementation,
 * and also the private connection of a wallet session ({@code dedicated}).
 *
 * <p>It keeps the set of topic filters its live sessions need and a route per exact topic. The
 * current {@link Link} is replaced when lost: a fresh client connects (with the reconnect
 * policy's backoff, to the next broker of the list on each attempt when there are several),
 * subscribes to every needed filter, unsubscribes leftovers, and only then is the state CONNECTED
 * and the sessions resumed. Operations wait for a usable link and are retried
 * on the next one if theirs is lost, each within its own timeout.
 */
public final class BrokerConnection implements MqttGateway, Link.Owner {

  /** Filters per SUBSCRIBE packet when resubscribing many sessions. */
  static final int RESUBSCRIBE_BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
  private static final Duration RELINK_POLL = Duration.ofMillis(10);

  private final MqttConfig config;
  private final List<URI> brokers;
  private final @Nullable URI configuredAdvertisedUrl;
  /** The broker of the current link, or of the last one. */
  private volatile URI brokerUrl;
  private final Vertx vertx;
  private final @Nullable SslContext tls;
  private final String clientId;
  private final boolean dedicated;

  private final Object lock = new Object();
  private final Sinks.Many<MqttConnectionState> stateSink = Sinks.many().replay().latest();
  private volatile MqttConnectionState state = MqttConnectionState.CONNECTING;
  private volatile @Nullable Link link;
  private @Nullable Link connecting;
  private Disposable reconnecting = Disposables.disposed();
  private boolean released;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Mono<Void> closeMono;

  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Set<String> filters = ConcurrentHashMap.newKeySet();
  private final Set<SessionBase> sessions = ConcurrentHashMap.newKeySet();
  private final Map<SessionId, VerifierSession> verifiers = new ConcurrentHashMap<>();
  private final Map<SessionId, WalletSession> wallets = new ConcurrentHashMap<>();

  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong losses = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong unroutable = new AtomicLong();
  private final AtomicLong oversize = new AtomicLong();
  private final AtomicLong published = new AtomicLong();

  private BrokerConnection(
      MqttConfig config, List<URI> brokers, @Nullable URI advertisedUrl, Vertx vertx, @Nullable SslContext tls, String clientId, boolean dedicated) {
    this.config = config;
    this.brokers = brokers;
    this.brokerUrl = brokers.get(0);
    this.configuredAdvertisedUrl = advertisedUrl;
    this.vertx = vertx;
    this.tls = tls;
    this.clientId = clientId;
    this.dedicated = dedicated;
    stateSink.tryEmitNext(MqttConnectionState.CONNECTING);
    this.closeMono = Mono.defer(this::doClose).cache();
  }

  /**
   * Connects a gateway (or, when {@code dedicated}, a wallet's own connection) to the first of
   * {@code brokerUrls} that accepts, trying each once in order. Emits once a broker accepted the
   * connection; errors with a typed connection error (the last one), or {@link
   * SessionTimeoutException} after the connect timeout. Cancelling disconnects.
   */
  public static Mono<BrokerConnection> connect(
      MqttConfig config, List<URI> brokerUrls, @Nullable Vertx vertx, boolean dedicated) {
    return Mono.defer(
        () -> {
          if (brokerUrls.isEmpty()) {
            return Mono.error(new IllegalArgumentException("no broker URL"));
          }
          List<URI> brokers = List.copyOf(brokerUrls);
          for (URI url : brokers) {
            MqttConfig.validateBrokerUrl(url, "brokerUrl");
          }
          URI advertised = dedicated ? null : config.advertisedBrokerUrl();
          String id = !dedicated && config.clientId() != null ? config.clientId() : randomClientId(dedicated);
          Mono<Vertx> vx = vertx != null ? Mono.just(vertx) : VertxSupport.shared();
          URI tlsBroker = brokers.stream().filter(MqttConfig::isTls).findFirst().orElse(null);
          Mono<Optional<SslContext>> tlsContext =
              tlsBroker != null
                  ? TlsContext.build(config.tls())
                      .map(Optional::of)
                      .onErrorMap(e -> new MqttTlsException("cannot load the TLS material: " + Errors.describe(e), tlsBroker, null, e))
                  : Mono.just(Optional.empty());
          return Mono.zip(vx, tlsContext)
              .flatMap(
                  t -> {
                    BrokerConnection b = new BrokerConnection(config, brokers, advertised, t.getT1(), t.getT2().orElse(null), id, dedicated);
                    return b.start().doOnCancel(b::dispose);
                  });
        });
  }

  private static String randomClientId(boolean wallet) {
    return (wallet ? "proxima-w-" : "proxima-") + SessionId.random().uuid().toString().replace("-", "").substring(0, 12);
  }

  private Mono<BrokerConnection> start() {
    return firstLink(0)
        .doOnNext(this::install)
        .thenReturn(this)
        .onErrorResume(
            e -> {
              shutdown(null);
              return Mono.error(e);
            });
  }

  // ---- links

  /** The first connection: each broker once, in order, until one accepts. */
  private Mono<Link> firstLink(int index) {
    URI url = brokers.get(index);
    return connectLink(url)
        .onErrorResume(
            e -> index + 1 < brokers.size() && Errors.isTransient(e) && state != MqttConnectionState.CLOSED,
            e -> {
              log.info("cannot connect to broker {} ({}); trying {}", url, Errors.describe(e), brokers.get(index + 1));
              return firstLink(index + 1);
            });
  }

  /** A fresh client, connected and subscribed to every filter the live sessions need. */
  private Mono<Link> connectLink(URI url) {
    return Mono.defer(
        () -> {
          Link l = new Link(this, vertx, config, url, clientId, tls);
          synchronized (lock) {
            if (state == MqttConnectionState.CLOSED) {
              return Mono.error(closedError(null));
            }
            connecting = l;
          }
          return l.connect()
              .then(resubscribe(l))
              .thenReturn(l)
              .doOnError(e -> l.close())
              .doOnCancel(l::close);
        });
  }

  private Mono<Void> resubscribe(Link l) {
    List<String> needed = new ArrayList<>(filters);
    if (needed.isEmpty()) {
      return Mono.empty();
    }
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < needed.size(); i += RESUBSCRIBE_BATCH) {
      batches.add(needed.subList(i, Math.min(needed.size(), i + RESUBSCRIBE_BATCH)));
    }
    return Flux.fromIterable(batches)
        .concatMap(
            batch ->
                l.ensureSubscribed(batch, config.qos().value())
                    .onErrorResume(MqttSubscriptionException.class, e -> refused(e, batch, l)))
        .then();
  }

  /** A batch was refused: subscribe its filters one by one to fail only the sessions refused. */
  private Mono<Void> refused(MqttSubscriptionException e, List<String> batch, Link l) {
    return Flux.fromIterable(batch)
        .concatMap(
            f ->
                l.ensureSubscribed(List.of(f), config.qos().value())
                    .onErrorResume(
                        MqttSubscriptionException.class,
                        x -> {
                          failOwners(f, x);
                          return Mono.empty();
                        }))
        .then();
  }

  private void failOwners(String filter, MqttSubscriptionException cause) {
    log.warn("broker {} refused the subscription to {}", brokerUrl, filter);
    for (SessionBase s : sessions) {
      if (s.topics().contains(filter) || (filter.equals(MqttTopics.SUBMISSION_WILDCARD) && s instanceof VerifierSession)) {
        s.fail(new MqttSubscriptionException(filter, s.id));
      }
    }
  }

  private void install(Link l) {
    synchronized (lock) {
      if (connecting == l) {
        connecting = null;
      }
      if (state == MqttConnectionState.CLOSED) {
        l.close();
        return;
      }
      link = l;
      brokerUrl = l.brokerUrl();
      released = false;
    }
    connects.incrementAndGet();
    setState(MqttConnectionState.CONNECTED);
    sessions.forEach(SessionBase::linkUp);
    if (!l.isUsable()) {
      // Lost between CONNACK and now: its close was ignored because it was not yet current.
      linkClosed(l);
      return;
    }
    List<String> leftovers = new ArrayList<>();
    for (String f : l.subscribedFilters()) {
      if (!filters.contains(f)) {
        leftovers.add(f);
      }
    }
    if (!leftovers.isEmpty()) {
      l.unsubscribe(leftovers).subscribe(null, e -> log.debug("unsubscribing leftovers failed: {}", Errors.describe(e)));
    }
  }

  @Override
  public boolean wants(String filter) {
    return filters.contains(filter);
  }

  @Override
  public void linkClosed(Link l) {
    boolean reconnect;
    synchronized (lock) {
      if (link != l) {
        return;
      }
      link = null;
      losses.incrementAndGet();
      if (state == MqttConnectionState.CLOSED) {
        return;
      }
      reconnect = !released;
    }
    if (!reconnect) {
      setState(MqttConnectionState.DISCONNECTED);
      return;
    }
    log.info("connection to broker {} lost; reconnecting{}", brokerUrl, brokers.size() > 1 ? " to the next of " + brokers : "");
    setState(MqttConnectionState.RECONNECTING);
    sessions.forEach(SessionBase::linkDown);
    startReconnect();
  }

  /**
   * Reconnects with the policy's backoff. With several brokers every attempt goes to the next one
   * in the list, starting after the broker just lost: when a cluster node dies, the first attempt
   * already goes to a survivor.
   */
  private void startReconnect() {
    AtomicInteger next = new AtomicInteger(brokers.indexOf(brokerUrl) + 1);
    Disposable d =
        Mono.defer(() -> connectLink(brokers.get(Math.floorMod(next.getAndIncrement(), brokers.size()))))
            .retryWhen(config.reconnect().toRetry(e -> LinkLost.is(e) || Errors.isTransient(e)))
            .subscribe(
                l -> {
                  log.info("reconnected to broker {}", l.brokerUrl());
                  install(l);
                },
                e -> {
                  log.warn("reconnecting to broker {} gave up: {}", brokers.size() > 1 ? brokers : brokerUrl, Errors.describe(e));
                  shutdown(e);
                });
    synchronized (lock) {
      reconnecting = d;
    }
  }

  /** A dedicated wallet connection lets go of the broker until its next send. */
  void release() {
    Link l;
    synchronized (lock) {
      if (state != MqttConnectionState.CONNECTED) {
        return;
      }
      released = true;
      l = link;
      link = null;
    }
    setState(MqttConnectionState.DISCONNECTED);
    if (l != null) {
      l.disconnect().subscribe();
    }
  }

  /** Connects again after {@link #release()}. */
  private void resume() {
    synchronized (lock) {
      if (!released || state != MqttConnectionState.DISCONNECTED) {
        return;
      }
      released = false;
    }
    setState(MqttConnectionState.RECONNECTING);
    startReconnect();
  }

  /**
   * The usable link: now, or once (re)connected. Errors with {@link TransportClosedException} if
   * the connection is or becomes closed. Never times out by itself: callers bound it.
   */
  private Mono<Link> awaitLink() {
    return Mono.defer(
            () -> {
              Link l = link;
              if (l != null && l.isUsable()) {
                return Mono.just(l);
              }
              if (state == MqttConnectionState.CLOSED) {
                return Mono.error(closedError(null));
              }
              if (state == MqttConnectionState.DISCONNECTED) {
                resume();
              }
              return stateSink
                  .asFlux()
                  .filter(s -> s == MqttConnectionState.CONNECTED || s == MqttConnectionState.CLOSED)
                  .next()
                  .flatMap(s -> s == MqttConnectionState.CLOSED ? Mono.error(closedError(null)) : Mono.justOrEmpty(usableLink()));
            })
        .repeatWhenEmpty(repeats -> repeats.delayElements(RELINK_POLL));
  }

  private @Nullable Link usableLink() {
    Link l = link;
    return l != null && l.isUsable() ? l : null;
  }

  /**
   * Runs {@code op} on the usable link, again on the next link if that one is lost first. While
   * connected (the usual case) {@code op} runs at once on the current link, without the waiting
   * and retrying operators: they cost every frame and every subscription allocations and
   * subscriptions for nothing (issue 6, per-frame cost); they are assembled only when there is no
   * usable link or it is lost under {@code op}.
   */
  private <T> Mono<T> onLink(Function<Link, Mono<T>> op) {
    return Mono.defer(
        () -> {
          Link l = usableLink();
          return l == null ? awaitAndRun(op) : op.apply(l).onErrorResume(LinkLost::is, e -> awaitAndRun(op));
        });
  }

  /**
   * Where the timeout of an operation about to start runs: the current link's event loop (see
   * {@link Link#timers()}); Reactor's parallel scheduler when there is no usable link.
   */
  private Scheduler timers() {
    Link l = usableLink();
    return l == null ? Schedulers.parallel() : l.timers();
  }

  private <T> Mono<T> awaitAndRun(Function<Link, Mono<T>> op) {
    return awaitLink().flatMap(op).retryWhen(Retry.indefinitely().filter(LinkLost::is));
  }

  // ---- inbound

  @Override
  public void messageArrived(Link from, String topic, Buffer payload) {
    received.incrementAndGet();
    Route route = routes.get(topic);
    if (route == null) {
      unroutable.incrementAndGet();
      return;
    }
    if (payload.length() > config.maxMessageSize() + LegacyEnvelope.HEADER_LENGTH) {
      oversize.incrementAndGet();
      log.debug("[session {}] dropped a {}-byte message on {}: larger than maxMessageSize", route.session().id, payload.length(), topic);
      return;
    }
    byte[] bytes = LegacyEnvelope.strip(payload.getBytes());
    if (bytes.length > config.maxMessageSize()) {
      oversize.incrementAndGet();
      return;
    }
    route.session().inbound(route.kind(), bytes);
  }

  void countUnroutable() {
    unroutable.incrementAndGet();
  }

  // ---- sessions

  @Override
  public Mono<SessionListener> listen(SessionId sessionId) {
    return Mono.defer(() -> listen(sessionId, new MqttEndpoint(advertisedBrokerUrl(), sessionId.uuid())));
  }

  @Override
  public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
    return Mono.defer(
        () -> {
          if (!(endpoint instanceof MqttEndpoint mqtt)) {
            return Mono.error(new TransportException("an MQTT gateway cannot listen at a " + endpoint.type() + " endpoint", sessionId, null));
          }
          if (!mqtt.topicId().equals(sessionId.uuid())) {
            return Mono.error(new TransportException("the endpoint's topic id is not the session id", sessionId, null));
          }
          if (!serves(mqtt.brokerUrl())) {
            return Mono.error(
                new TransportException("the endpoint names broker " + mqtt.brokerUrl() + ", this gateway serves " + servedUrls(), sessionId, null));
          }
          VerifierSession session = new VerifierSession(this, sessionId, mqtt);
          if (verifiers.putIfAbsent(sessionId, session) != null) {
            return Mono.error(new TransportException("the session is already listening on this gateway", sessionId, null));
          }
          List<String> needed =
              config.subscriptionStrategy() == SubscriptionStrategy.WILDCARD
                  ? List.of(MqttTopics.SUBMISSION_WILDCARD)
                  : session.topics();
          return register(session, needed).thenReturn((SessionListener) session.listener());
        });
  }

  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    return Mono.defer(
        () -> {
          SessionId sessionId = engagement.sessionId();
          MqttEndpoint mqtt = engagement.mqtt().orElse(null);
          if (mqtt == null) {
            return Mono.error(new TransportException("engagement does not offer MQTT", sessionId, null));
          }
          if (!serves(mqtt.brokerUrl())) {
            return Mono.error(
                new TransportException("engagement's broker " + mqtt.brokerUrl() + " is not this connection's broker " + servedUrls(), sessionId, null));
          }
          WalletSession session = new WalletSession(this, sessionId);
          if (wallets.putIfAbsent(sessionId, session) != null) {
            return Mono.error(new TransportException("a wallet of this session is already connected here", sessionId, null));
          }
          return register(session, session.topics()).thenReturn((FrameConnection) session.connection());
        });
  }

  /** Routes the session's topics, subscribes what it needs, and waits for the SUBACK. */
  private Mono<Void> register(SessionBase session, List<String> needed) {
    if (state == MqttConnectionState.CLOSED) {
      unregister(session);
      return Mono.error(closedFor(session.id));
    }
    List<String> topics = session.topics();
    for (String topic : topics) {
      routes.put(topic, new Route(session, MqttTopics.parse(topic).orElseThrow().kind()));
    }
    sessions.add(session);
    filters.addAll(needed);
    session.startTimer(config.sessionTimeout(), timers());
    Duration timeout = config.setupTimeout();
    return Mono.defer(() -> onLink(l -> l.ensureSubscribed(needed, config.qos().value()))
            .onErrorMap(MqttSubscriptionException.class, e -> new MqttSubscriptionException(e.topicFilter(), session.id))
            .timeout(timeout, Mono.error(() -> new SessionTimeoutException("subscriptions of the session", timeout, session.id)), timers()))
        .doOnError(e -> session.fail(e instanceof ProximaException p ? p : new TransportException("setup failed", session.id, e)))
        .doOnCancel(() -> session.end().subscribe(null, e -> {}));
  }

  /** The verifier accepted an Identify: the identify topic is no longer needed. */
  void identifyDone(VerifierSession session) {
    String topic = session.identifyTopic();
    routes.remove(topic);
    if (config.subscriptionStrategy() == SubscriptionStrategy.PER_SESSION && filters.remove(topic)) {
      unsubscribe(List.of(topic)).subscribe(null, e -> {});
    }
  }

  /** A wallet got its request: a dedicated connection may let go of the broker now. */
  void requestReceived(WalletSession session) {
    if (!dedicated || !config.releaseDuringConsent()) {
      return;
    }
    List<String> topics = session.topics();
    topics.forEach(routes::remove);
    filters.removeAll(topics);
    unsubscribe(topics).onErrorResume(e -> Mono.empty()).subscribe(null, null, this::release);
  }

  /** Called once per session by {@link SessionBase#end()}. */
  Mono<Void> endSession(SessionBase session) {
    unregister(session);
    List<String> gone = new ArrayList<>();
    for (String topic : session.topics()) {
      if (filters.remove(topic)) {
        gone.add(topic);
      }
    }
    Mono<Void> unsubscribed = gone.isEmpty() ? Mono.empty() : unsubscribe(gone);
    if (dedicated) {
      return unsubscribed.onErrorResume(e -> Mono.empty()).then(close());
    }
    return unsubscribed.onErrorResume(
        e -> {
          log.debug("[session {}] unsubscribing failed: {}", session.id, Errors.describe(e));
          return Mono.empty();
        });
  }

  private void unregister(SessionBase session) {
    sessions.remove(session);
    for (String topic : session.topics()) {
      routes.computeIfPresent(topic, (t, r) -> r.session() == session ? null : r);
    }
    if (session instanceof VerifierSession v) {
      verifiers.remove(v.id, v);
    } else if (session instanceof WalletSession w) {
      wallets.remove(w.id, w);
    }
  }

  /**
   * Unsubscribes on the current link; nothing to do when there is none (a new link subscribes
   * only what is still needed, and drops leftovers).
   */
  private Mono<Void> unsubscribe(List<String> topics) {
    return Mono.defer(
        () -> {
          Link l = usableLink();
          if (l == null || state == MqttConnectionState.CLOSED) {
            return Mono.empty();
          }
          return l.unsubscribe(topics).onErrorResume(LinkLost::is, e -> Mono.empty());
        });
  }

  /**
   * Publishes a frame's payload: waits for a usable link, publishes at the configured QoS, and
   * publishes again on the next link if the link is lost before it was written (QoS 0) or
   * acknowledged (QoS 1). Errors with {@link SessionTimeoutException} after the send timeout and
   * {@link TransportClosedException} if the connection closes.
   */
  Mono<Void> publish(String topic, byte[] payload, SessionId sessionId) {
    Duration timeout = config.sendTimeout();
    return Mono.defer(() -> onLink(l -> l.publish(topic, payload, config.qos()))
            .timeout(timeout, Mono.error(() -> new SessionTimeoutException("the frame to be published", timeout, sessionId)), timers()))
        .onErrorMap(
            SessionTimeoutException.class,
            e -> e.sessionId().isPresent() ? e : new SessionTimeoutException(e.awaited(), e.timeout(), sessionId))
        .doOnSuccess(v -> published.incrementAndGet());
  }

  // ---- state

  private void setState(MqttConnectionState next) {
    synchronized (lock) {
      if (state == MqttConnectionState.CLOSED || state == next) {
        return;
      }
      state = next;
      stateSink.tryEmitNext(next);
      if (next == MqttConnectionState.CLOSED) {
        stateSink.tryEmitComplete();
      }
    }
  }

  @Override
  public Flux<MqttConnectionState> state() {
    return stateSink.asFlux();
  }

  @Override
  public MqttConnectionState currentState() {
    return state;
  }

  @Override
  public MqttConfig config() {
    return config;
  }

  @Override
  public URI brokerUrl() {
    return brokerUrl;
  }

  @Override
  public List<URI> brokerUrls() {
    return brokers;
  }

  @Override
  public URI advertisedBrokerUrl() {
    URI configured = configuredAdvertisedUrl;
    return configured != null ? configured : brokerUrl;
  }

  /** The in-flight window of the current link, for tests. */
  public @Nullable InFlightWindow window() {
    Link l = link;
    return l == null ? null : l.window();
  }

  @Override
  public MqttStats stats() {
    Link l = link;
    return new MqttStats(
        connects.get(),
        losses.get(),
        received.get(),
        unroutable.get(),
        oversize.get(),
        published.get(),
        sessions.size(),
        l == null ? 0 : l.subscribedFilters().size());
  }

  @Override
  public Mono<Void> close() {
    return closeMono;
  }

  @Override
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  private Mono<Void> doClose() {
    Link l = shutdown(null);
    return (l == null ? Mono.<Void>empty() : l.disconnect()).doFinally(s -> closed.tryEmitEmpty());
  }

  /** Closes for good: fails the sessions and disconnects the link in the background or returns it. */
  private @Nullable Link shutdown(@Nullable Throwable cause) {
    if (!closing.compareAndSet(false, true)) {
      return null;
    }
    Link l;
    Link pendingLink;
    synchronized (lock) {
      l = link;
      link = null;
      pendingLink = connecting;
      connecting = null;
      reconnecting.dispose();
    }
    setState(MqttConnectionState.CLOSED);
    TransportClosedException failure = closedError(cause);
    for (SessionBase s : List.copyOf(sessions)) {
      s.fail(failure);
    }
    if (pendingLink != null) {
      pendingLink.close();
    }
    if (cause != null) {
      if (l != null) {
        l.close();
      }
      closed.tryEmitError(failure);
      return null;
    }
    return l;
  }

  private TransportClosedException closedError(@Nullable Throwable cause) {
    return new TransportClosedException(
        cause == null
            ? "the MQTT connection to " + brokerUrl + " is closed"
            : "the MQTT connection to " + brokerUrl + " was lost and reconnecting gave up: " + Errors.describe(cause),
        null,
        cause);
  }

  private TransportClosedException closedFor(SessionId sessionId) {
    return new TransportClosedException("the MQTT connection to " + brokerUrl + " is closed", sessionId, null);
  }

  private boolean serves(URI url) {
    String u = normalize(url);
    for (URI b : brokers) {
      if (u.equals(normalize(b))) {
        return true;
      }
    }
    URI configured = configuredAdvertisedUrl;
    return configured != null && u.equals(normalize(configured));
  }

  private String servedUrls() {
    URI configured = configuredAdvertisedUrl;
    return configured == null ? brokers.toString() : configured + " " + brokers;
  }

  private static String normalize(URI url) {
    return (url.getScheme() + "://" + url.getHost() + ":" + url.getPort()).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return (dedicated ? "MqttWalletConnection[" : "MqttGateway[") + brokerUrl + ", " + clientId + ", " + state + "]";
  }

  private record Route(SessionBase session, FrameKind kind) {}
}
