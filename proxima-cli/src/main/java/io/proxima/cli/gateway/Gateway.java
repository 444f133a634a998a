package io.proxima.cli.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttQos;
import io.proxima.mqtt.MqttTls;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.validation.PresentationValidator;
import io.proxima.oid4vp.validation.PresentationValidators;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * One running gateway instance: its broker connection, its {@link Verifier}, its sessions, its
 * metrics and its HTTP server. Started with {@link #start(GatewayConfig)} (blocking, at the edge)
 * and stopped with {@link #shutdown()}.
 *
 * <p>Sessions live in memory only: a crash loses every pending session (their wallets time out
 * waiting for a request or their submissions go unanswered) and every retained outcome. See
 * GATEWAY.md.
 */
public final class Gateway {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
  private static final Duration DRAIN_POLL = Duration.ofMillis(25);
  private static final Duration STOP_STEP_TIMEOUT = Duration.ofSeconds(10);

  private final GatewayConfig config;
  private final MqttGateway mqtt;
  private final Verifier verifier;
  private final SessionRegistry sessions;
  private final GatewayMetrics metrics;
  private final Map<String, DcqlQuery> presets;
  private final Clock clock = Clock.systemUTC();
  private final boolean verifying;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Mono<Void> shutdown;
  private volatile boolean accepting = true;
  private volatile @Nullable DisposableServer server;
  private volatile Disposable sweeper = () -> {};

  private Gateway(GatewayConfig config, MqttGateway mqtt, RequestSigner signer, IssuerTrust trust, GatewayMetrics metrics) {
    this.config = config;
    this.mqtt = mqtt;
    this.metrics = metrics;
    this.presets = config.presetQueries();
    this.verifying = !trust.isEmpty();
    PresentationValidator validator = verifying ? SdJwtVcValidator.create(trust).registry() : PresentationValidators.structural();
    this.verifier = Verifier.create(signer)
        .transport(Offloading.verifier(mqtt, Schedulers.parallel()))
        .transports(config.transportsConfig())
        .validator(validator)
        .timeouts(config.timeouts().toVerifierTimeouts())
        .scheme(config.verifier().scheme())
        .observer(metrics);
    GatewayConfig.Sessions s = config.sessions();
    this.sessions = new SessionRegistry(s.maxPending(), s.maxRetained(), s.retention());
    this.shutdown = Mono.defer(this::drainAndStop).cache();
  }

  /**
   * Starts a gateway: reads the signing key and trusted issuers, connects to the broker (the first
   * of the list that accepts), binds the HTTP server. Blocking: call it from {@code main} or a test
   * thread, never from an event loop.
   *
   * @throws GatewayConfigException when a file of the configuration cannot be used
   * @throws RuntimeException (a {@code io.proxima.mqtt.MqttConnectException} or similar) when no
   *     broker accepts the connection, or the HTTP port cannot be bound
   */
  public static Gateway start(GatewayConfig config) {
    RequestSigner signer = Identity.signer(config);
    IssuerTrust trust = Identity.trust(config);
    if (trust.isEmpty()) {
      log.warn("no trusted issuers configured (trust.jwks, trust.certificates, trust.dids): presentations are checked for "
          + "structure only and outcomes are never verified");
    }
    GatewayConfig.Mqtt m = config.mqtt();
    MqttTransport transport = transport(config, m);
    Duration connectBudget = transport.config().connectTimeout().multipliedBy(m.brokerUrls().size()).plusSeconds(5);
    MqttGateway mqtt = transport.connect().block(connectBudget);
    if (mqtt == null) {
      throw new IllegalStateException("no broker connection");
    }
    GatewayMetrics metrics = new GatewayMetrics(config.instanceId());
    Gateway gateway = new Gateway(config, mqtt, signer, trust, metrics);
    try {
      gateway.bind();
    } catch (RuntimeException e) {
      mqtt.close().block(STOP_STEP_TIMEOUT);
      metrics.close();
      throw e;
    }
    log.info("gateway {} ready on {} (verifier {}, broker {} of {}, {} subscriptions, {} pending sessions at most)",
        config.instanceId(), gateway.url(), signer.did(), mqtt.brokerUrl(), m.brokerUrls(), m.subscriptionStrategy(),
        config.sessions().maxPending());
    return gateway;
  }

  private static MqttTransport transport(GatewayConfig config, GatewayConfig.Mqtt m) {
    MqttTransport t = MqttTransport.create()
        .brokers(m.brokerUrls().stream().map(URI::create).toList())
        .subscriptionStrategy(m.subscriptionStrategy())
        .qos(m.qos() == 1 ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE)
        // A safety net behind the flow's own timeouts: never shorter than the longest session.
        .sessionTimeout(max(io.proxima.mqtt.MqttConfig.DEFAULT_SESSION_TIMEOUT, config.timeouts().longestSession().plusMinutes(1)));
    if (m.advertisedBrokerUrl() != null) {
      t = t.advertisedBroker(m.advertisedBrokerUrl());
    }
    if (m.clientId() != null) {
      t = t.clientId(m.clientId());
    }
    if (m.keepAlive() != null) {
      t = t.keepAlive(m.keepAlive());
    }
    if (m.connectTimeout() != null) {
      t = t.connectTimeout(m.connectTimeout());
    }
    if (m.maxMessageSize() != null) {
      t = t.maxMessageSize(m.maxMessageSize());
    }
    if (m.reconnect() != null) {
      ReconnectPolicy p = ReconnectPolicy.defaults();
      Duration initial = m.reconnect().initialBackoff() != null ? m.reconnect().initialBackoff() : p.initialBackoff();
      Duration maxBackoff = m.reconnect().maxBackoff() != null ? m.reconnect().maxBackoff() : p.maxBackoff();
      t = t.reconnect(p.withBackoff(initial, max(initial, maxBackoff)));
    }
    if (m.username() != null) {
      String password = m.password();
      if (m.passwordFile() != null) {
        try {
          password = Files.readString(config.path(m.passwordFile()), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new GatewayConfigException("transports.MQTT.params.passwordFile: cannot read " + config.path(m.passwordFile()), e);
        }
      }
      t = t.credentials(m.username(), password == null ? "" : password);
    }
    if (m.tls() != null) {
      GatewayConfig.Tls tls = m.tls();
      MqttTls mt = MqttTls.defaults();
      if (tls.caFile() != null) {
        mt = mt.trust(config.path(tls.caFile()));
      }
      if (tls.certificateFile() != null || tls.keyFile() != null) {
        if (tls.certificateFile() == null || tls.keyFile() == null) {
          throw new GatewayConfigException("transports.MQTT.params.tls: a client certificate needs certificateFile and keyFile");
        }
        mt = mt.clientCertificate(config.path(tls.certificateFile()), config.path(tls.keyFile()));
      }
      if (tls.hostnameVerification() != null) {
        mt = mt.hostnameVerification(tls.hostnameVerification());
      }
      t = t.tls(mt);
    }
    return t;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void bind() {
    metrics.bind(mqtt);
    metrics.bind(sessions);
    GatewayHttp http = new GatewayHttp(this);
    GatewayConfig.Http h = config.http();
    server = HttpServer.create()
        .host(h.host())
        .port(h.port())
        .route(http::routes)
        .bindNow(Duration.ofSeconds(10));
    sweeper = Flux.interval(SWEEP_PERIOD).subscribe(t -> sessions.evictExpired(clock.instant()));
    mqtt.onClose().subscribe(null, e -> log.error("the broker connection closed for good: {}", e.getMessage()));
  }

  // ------------------------------------------------------------------ sessions

  /**
   * Creates and starts a session; emits it once it is ENGAGED (its topics are subscribed, so its
   * QR code is safe to show). Errors with a {@link Problem}: 503 when shutting down, at the cap on
   * pending sessions, when the broker is not connected, or when the session cannot listen.
   * Cancelling before the engagement cancels the session (the client went away without its QR).
   */
  Mono<GatewaySession> createSession(PresentationQuery query, @Nullable String preset) {
    return Mono.defer(
        () -> {
          Duration retryAfter = config.sessions().retryAfter();
          if (!accepting) {
            metrics.refused("shutting_down");
            return Mono.error(Problem.draining(retryAfter));
          }
          MqttConnectionState brokerState = mqtt.currentState();
          if (brokerState != MqttConnectionState.CONNECTED) {
            metrics.refused("broker");
            return Mono.error(Problem.brokerUnavailable(brokerState.name(), retryAfter));
          }
          if (!sessions.tryReserve()) {
            metrics.refused("capacity");
            return Mono.error(Problem.capacity(sessions.maxPending(), retryAfter));
          }
          VerifierSession vs;
          GatewaySession gs;
          try {
            vs = verifier.session(query);
            gs = new GatewaySession(vs, preset, clock.instant());
          } catch (RuntimeException e) {
            sessions.unreserve();
            return Mono.error(e);
          }
          sessions.add(gs);
          metrics.created();
          gs.track();
          vs.result().subscribe(outcome -> ended(gs, outcome));
          return vs.engagement()
              .map(e -> {
                gs.engaged(e.toUri());
                return gs;
              })
              .onErrorMap(e -> !(e instanceof Problem), e -> Problem.sessionSetupFailed(
                  "the session ended before it could be shown (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", retryAfter))
              .doOnCancel(vs::dispose);
        });
  }

  private void ended(GatewaySession gs, VerifierOutcome outcome) {
    ObjectNode summary = outcome.toJson();
    if (!config.sessions().exposeVpToken()) {
      summary.remove("vp_token");
      summary.remove("presentation_submission");
    }
    if (outcome.validation() != null) {
      summary.put("verified", outcome.validation().verified());
      summary.set("claims", summary.path("validation").path("disclosed_claims").deepCopy());
    }
    // Metrics first: a client that sees the session end (its events complete) then reads a consistent /metrics.
    metrics.ended(outcome, Duration.ofNanos(System.nanoTime() - gs.createdNanos));
    gs.ended(outcome.state(), outcome.timeline(), summary, clock.instant());
    sessions.ended(gs);
  }

  @Nullable GatewaySession session(io.proxima.message.SessionId id) {
    return sessions.get(id).orElse(null);
  }

  @Nullable DcqlQuery preset(String name) {
    return presets.get(name);
  }

  List<String> presetNames() {
    return List.copyOf(presets.keySet());
  }

  // ------------------------------------------------------------------ accessors

  public GatewayConfig config() {
    return config;
  }

  /** The HTTP port bound (useful with port 0). */
  public int port() {
    DisposableServer s = server;
    if (s == null) {
      throw new IllegalStateException("not bound");
    }
    return s.port();
  }

  /** {@code http://host:port} of the API. */
  public URI url() {
    String host = config.http().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** The base of links in responses: {@code http.publicUrl}, else relative. */
  String linkBase() {
    String p = config.http().publicUrl();
    return p == null ? "" : p;
  }

  /** The broker connection (for health, metrics and tests). */
  public MqttGateway mqtt() {
    return mqtt;
  }

  SessionRegistry sessions() {
    return sessions;
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  boolean verifying() {
    return verifying;
  }

  /** Whether new sessions are accepted (false once shutdown began). */
  public boolean isAccepting() {
    return accepting;
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Graceful shutdown: stops accepting sessions (503), waits up to {@code shutdown.drainTimeout}
   * for in-flight sessions to end while still serving their state, events and QR codes, then
   * cancels the rest (each unsubscribes its topics), closes the broker connection and the HTTP
   * server. Completes when stopped; idempotent.
   */
  public Mono<Void> shutdown() {
    return shutdown;
  }

  /** Completes when the gateway has stopped. */
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  private Mono<Void> drainAndStop() {
    accepting = false;
    Duration drain = config.shutdown().drainTimeout();
    int inFlight = sessions.pending();
    long start = System.nanoTime();
    log.info("shutting down: accepting no new sessions; draining {} in-flight sessions for up to {}", inFlight, Durations.format(drain));
    AtomicInteger cancelled = new AtomicInteger();
    Mono<Void> drained = Mono.defer(() -> sessions.pending() == 0
        ? Mono.<Void>empty()
        : Flux.interval(DRAIN_POLL).filter(t -> sessions.pending() == 0).next().then());
    Mono<Void> cancelRest = Mono.defer(
        () -> {
          List<GatewaySession> rest = sessions.live();
          cancelled.set(rest.size());
          if (!rest.isEmpty()) {
            log.info("drain timeout reached: cancelling {} sessions", rest.size());
          }
          return Flux.fromIterable(rest).flatMap(GatewaySession::cancel, 256).then()
              .timeout(config.timeouts().close().plus(STOP_STEP_TIMEOUT), Mono.empty());
        });
    return drained
        .timeout(drain, Mono.empty())
        .then(cancelRest)
        .then(Mono.defer(() -> mqtt.close().timeout(STOP_STEP_TIMEOUT, Mono.empty())))
        .then(Mono.defer(() -> {
          sweeper.dispose();
          DisposableServer s = server;
          if (s == null) {
            return Mono.<Void>empty();
          }
          s.dispose();
          return s.onDispose().timeout(STOP_STEP_TIMEOUT, Mono.empty());
        }))
        .onErrorResume(e -> {
          log.warn("shutdown step failed: {}", e.toString());
          return Mono.empty();
        })
        // Before completion, not in doFinally: a shutdown hook blocking on this returns at
        // completion, and the JVM halts right after.
        .then(Mono.fromRunnable(() -> {
          metrics.close();
          log.info("gateway {} stopped after {} ms: {} sessions ended during the drain, {} cancelled", config.instanceId(),
              Duration.ofNanos(System.nanoTime() - start).toMillis(), Math.max(0, inFlight - cancelled.get()), cancelled.get());
          closed.tryEmitEmpty();
        }));
  }
}
