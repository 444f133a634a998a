package io.proxima.cli.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.proxima.cli.gateway.Offloading;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.MqttEndpoint;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.presentation.PresentationProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs sessions against one or more gateways: each session is created with {@code POST
 * /sessions} (round robin over the gateways; a 503 is retried after its {@code Retry-After}),
 * followed through {@code /events} to its outcome, and answered by a simulated wallet over MQTT
 * that presents with the given {@link PresentationProvider}. Wallets connect to the broker of the
 * QR code, or to {@link Options#walletBrokers()} round robin (a load balancer in front of a broker
 * cluster); a wallet whose broker refuses the connection moves to the next one, as a phone behind
 * a load balancer would. A wallet that does not end SUBMITTED cancels its session at the gateway
 * (the kiosk gives up).
 */
public final class LoadGenerator {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final long MAX_LATENCY_MICROS = Duration.ofHours(1).toNanos() / 1000;

  /**
   * What to run.
   *
   * @param gateways the gateway URLs, used round robin
   * @param sessions how many sessions
   * @param concurrency how many at once
   * @param createBody the body of {@code POST /sessions}
   * @param walletBrokers brokers the wallets use instead of the QR code's, round robin; empty: the QR code's
   * @param dedicatedWalletConnections one MQTT connection per wallet (like phones) instead of one
   *     shared connection per broker
   * @param sessionTimeout the longest one session may take after its creation
   * @param throttleTimeout the longest a creation is retried on 503
   */
  public record Options(
      List<URI> gateways,
      int sessions,
      int concurrency,
      JsonNode createBody,
      List<URI> walletBrokers,
      boolean dedicatedWalletConnections,
      Duration sessionTimeout,
      Duration throttleTimeout) {

    public Options {
      gateways = List.copyOf(gateways);
      walletBrokers = List.copyOf(walletBrokers);
      Objects.requireNonNull(createBody, "createBody");
      if (gateways.isEmpty()) {
        throw new IllegalArgumentException("at least one gateway URL");
      }
      if (sessions < 0 || concurrency < 1) {
        throw new IllegalArgumentException("sessions must be >= 0 and concurrency >= 1");
      }
    }
  }

  /** Live counters, for a progress display. */
  public static final class Progress {
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong throttled = new AtomicLong();

    public int completed() {
      return completed.get();
    }

    public int failed() {
      return failed.get();
    }

    public int inFlight() {
      return inFlight.get();
    }

    public long throttled() {
      return throttled.get();
    }
  }

  /**
   * How one session went.
   *
   * @param startNanos {@link System#nanoTime()} when its creation was first requested
   */
  public record SessionResult(
      int index,
      long startNanos,
      @Nullable String sessionId,
      URI gateway,
      @Nullable URI walletBroker,
      boolean completed,
      boolean verified,
      @Nullable String failure,
      long latencyMicros,
      long setupMicros) {}

  private final Options options;
  private final PresentationProvider presenter;
  private final List<GatewayClient> clients;
  private final Progress progress = new Progress();
  private final Map<URI, Mono<Wallet>> sharedWallets = new ConcurrentHashMap<>();
  private final List<MqttGateway> walletConnections = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong startNanos = new AtomicLong();

  public LoadGenerator(Options options, PresentationProvider presenter) {
    this.options = options;
    this.presenter = presenter;
    List<GatewayClient> c = new ArrayList<>();
    for (URI g : options.gateways()) {
      c.add(GatewayClient.create(g, options.concurrency() * 2 + 8));
    }
    this.clients = List.copyOf(c);
  }

  public Progress progress() {
    return progress;
  }

  /**
   * Runs every session; emits the report when all have ended (each is bounded by the session
   * timeout), after closing the wallets' shared connections. Never errors for a failed session:
   * failures are counted.
   */
  public Mono<LoadReport> run() {
    return runEach().collectList().map(this::report).flatMap(r -> closeWallets().thenReturn(r));
  }

  /**
   * Every session's result as it ends, for callers who want more than the report; the elapsed
   * time of {@link #report} counts from the subscription.
   */
  public Flux<SessionResult> runEach() {
    return Flux.defer(() -> {
      startNanos.set(System.nanoTime());
      return Flux.range(0, options.sessions()).flatMap(this::one, options.concurrency());
    });
  }

  /** The report of results collected from {@link #runEach()}, elapsed time until now. */
  public LoadReport report(List<SessionResult> results) {
    Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    Histogram setup = new Histogram(MAX_LATENCY_MICROS, 3);
    Map<String, Integer> failures = new HashMap<>();
    int completed = 0;
    int verified = 0;
    for (SessionResult r : results) {
      if (r.setupMicros() > 0) {
        setup.recordValue(Math.min(MAX_LATENCY_MICROS, r.setupMicros()));
      }
      if (r.completed()) {
        completed++;
        verified += r.verified() ? 1 : 0;
        latency.recordValue(Math.min(MAX_LATENCY_MICROS, r.latencyMicros()));
      } else {
        failures.merge(String.valueOf(r.failure()), 1, Integer::sum);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos.get());
    return new LoadReport(options.sessions(), completed, verified, results.size() - completed, progress.throttled(), elapsed, latency, setup, failures);
  }

  /** Closes the shared wallet connections. */
  public Mono<Void> closeWallets() {
    return Flux.fromIterable(walletConnections).flatMap(MqttGateway::close).then();
  }

  private Mono<SessionResult> one(int index) {
    GatewayClient client = clients.get(index % clients.size());
    return Mono.defer(() -> {
      progress.inFlight.incrementAndGet();
      long t0 = System.nanoTime();
      return create(client)
          .flatMap(created -> {
            long setup = (System.nanoTime() - t0) / 1000;
            return complete(index, client, created, t0, setup);
          })
          .onErrorResume(e -> Mono.just(new SessionResult(index, t0, null, client.base(), null, false, false, "create:" + reason(e), 0, 0)))
          .doOnNext(r -> {
            progress.inFlight.decrementAndGet();
            (r.completed() ? progress.completed : progress.failed).incrementAndGet();
          });
    });
  }

  private Mono<GatewayClient.Created> create(GatewayClient client) {
    return client.create(options.createBody())
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> {
          if (s.failure() instanceof GatewayHttpException h && h.status() == 503) {
            progress.throttled.incrementAndGet();
            Duration wait = h.retryAfter() == null ? Duration.ofSeconds(1) : h.retryAfter();
            return Mono.delay(wait);
          }
          return Mono.error(s.failure());
        })))
        .timeout(options.throttleTimeout());
  }

  private Mono<SessionResult> complete(int index, GatewayClient client, GatewayClient.Created created, long t0, long setupMicros) {
    Engagement original = parse(created.engagementUri());
    URI broker = original.mqtt().map(MqttEndpoint::brokerUrl).orElse(null);
    // Whichever side gives up first stops the other: a verifier that ended otherwise than ACCEPTED
    // cancels the wallet; a wallet that did not submit cancels the session at the gateway.
    Sinks.Empty<Void> verifierGaveUp = Sinks.empty();
    Mono<JsonNode> verifierOutcome = client.events(created.id())
        .filter(e -> e.event().equals("outcome"))
        .next()
        .map(e -> readJson(e.data()))
        .doOnNext(v -> {
          if (!v.path("state").asText().equals("ACCEPTED")) {
            verifierGaveUp.tryEmitEmpty();
          }
        });
    Mono<Attempt> wallet = walletSession(index, original, verifierGaveUp.asMono())
        .flatMap(a -> a.submitted()
            ? Mono.just(a)
            : client.cancel(created.id()).onErrorResume(x -> Mono.empty()).thenReturn(a));
    return Mono.zip(verifierOutcome, wallet)
        .map(t -> {
          JsonNode v = t.getT1();
          Attempt a = t.getT2();
          String vState = v.path("state").asText();
          boolean ok = vState.equals("ACCEPTED") && a.submitted();
          WalletOutcome w = a.outcome();
          String failure = ok ? null : "verifier:" + vState + "/wallet:"
              + (w == null ? "stopped" : w.state() + w.failureCause().map(c -> "(" + c.getClass().getSimpleName() + ")").orElse(""));
          return new SessionResult(index, t0, created.id(), client.base(), a.broker(), ok, ok && v.path("verified").asBoolean(false), failure,
              (System.nanoTime() - t0) / 1000, setupMicros);
        })
        .switchIfEmpty(Mono.fromSupplier(() -> new SessionResult(index, t0, created.id(), client.base(), broker, false, false,
            "events ended without an outcome (gateway gone?)", 0, setupMicros)))
        .timeout(options.sessionTimeout())
        .onErrorResume(e -> client.cancel(created.id()).onErrorResume(x -> Mono.empty())
            .thenReturn(new SessionResult(index, t0, created.id(), client.base(), broker, false, false,
                e instanceof TimeoutException ? "timeout" : reason(e), 0, setupMicros)));
  }

  /** The wallet's outcome, or null when it was stopped because the verifier had ended. */
  private record Attempt(@Nullable WalletOutcome outcome, @Nullable URI broker) {
    boolean submitted() {
      return outcome != null && outcome.state() == WalletState.SUBMITTED;
    }
  }

  /** The wallet's session, on its assigned broker or, when that refuses, the next ones; stopped by {@code stop}. */
  private Mono<Attempt> walletSession(int index, Engagement engagement, Mono<Void> stop) {
    List<URI> brokers = options.walletBrokers();
    if (brokers.isEmpty()) {
      URI own = engagement.mqtt().map(MqttEndpoint::brokerUrl).orElse(null);
      return wallet(own).flatMap(w -> result(w, engagement, stop).map(o -> new Attempt(o, own)).defaultIfEmpty(new Attempt(null, own)));
    }
    // Session i goes to gateway i % G; its wallet to broker (i + i / G) % B, so that with as many
    // brokers as gateways every gateway meets every wallet broker.
    int g = options.gateways().size();
    return tryBroker((index + index / g) % brokers.size(), 0, engagement, stop);
  }

  /**
   * The wallet session's outcome; empty when {@code stop} fired first. Cancelling the
   * subscription (or {@code stop}) cancels the session too.
   */
  private static Mono<WalletOutcome> result(Wallet wallet, Engagement engagement, Mono<Void> stop) {
    return Mono.defer(() -> {
      WalletSession session = wallet.session(engagement);
      return session.result().doOnCancel(session::dispose).takeUntilOther(stop);
    });
  }

  private Mono<Attempt> tryBroker(int at, int tried, Engagement engagement, Mono<Void> stop) {
    List<URI> brokers = options.walletBrokers();
    URI broker = brokers.get(at);
    Engagement here = onBroker(engagement, broker);
    return wallet(broker)
        .onErrorResume(e -> tried + 1 < brokers.size() ? Mono.empty() : Mono.error(e))
        .flatMap(w -> result(w, here, stop).map(o -> new Attempt(o, broker)).defaultIfEmpty(new Attempt(null, broker)))
        .switchIfEmpty(Mono.defer(() -> tryBroker((at + 1) % brokers.size(), tried + 1, engagement, stop)));
  }

  /** A wallet for a broker: a shared connection (made once, again after it closed) or a dedicated one per session. */
  private Mono<Wallet> wallet(@Nullable URI broker) {
    if (options.dedicatedWalletConnections() || broker == null) {
      return Mono.just(Wallet.create(presenter)
          .transport(Offloading.wallet(MqttTransport.create().reconnect(ReconnectPolicy.disabled()), Schedulers.parallel())));
    }
    return sharedWallets.computeIfAbsent(broker, this::connect);
  }

  private Mono<Wallet> connect(URI broker) {
    return MqttTransport.create()
        .broker(broker)
        .reconnect(ReconnectPolicy.disabled())
        .connect()
        .doOnNext(g -> {
          walletConnections.add(g);
          g.onClose().subscribe(null, e -> sharedWallets.remove(broker), () -> sharedWallets.remove(broker));
          g.state().filter(s -> s == MqttConnectionState.CLOSED).subscribe(s -> sharedWallets.remove(broker));
        })
        .map(g -> Wallet.create(presenter).transport(Offloading.wallet(g, Schedulers.parallel())))
        .doOnError(e -> sharedWallets.remove(broker))
        .cache();
  }

  private static Engagement onBroker(Engagement e, URI broker) {
    MqttEndpoint mqtt = e.mqtt().orElse(null);
    if (mqtt == null || mqtt.brokerUrl().equals(broker)) {
      return e;
    }
    return e.toBuilder().mqtt(new MqttEndpoint(broker, mqtt.topicId())).build();
  }

  private static Engagement parse(String uri) {
    int colon = uri.indexOf(':');
    return colon > 0 ? Engagement.parse(uri, uri.substring(0, colon)) : Engagement.parse(uri);
  }

  private static JsonNode readJson(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException("an outcome event that is not JSON", e);
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof GatewayHttpException h) {
      return "http:" + h.status();
    }
    return e.getClass().getSimpleName();
  }
}
