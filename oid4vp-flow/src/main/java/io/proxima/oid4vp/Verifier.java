package io.proxima.oid4vp;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.oid4vp.internal.DefaultVerifierSession;
import io.proxima.oid4vp.internal.VerifierRuntime;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.validation.PresentationValidator;
import io.proxima.oid4vp.validation.PresentationValidators;
import io.proxima.transport.VerifierTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The verifier side: creates {@link VerifierSession}s that share transports, identity, validator
 * and settings. Immutable: every {@code with}-style method returns a new instance; one instance
 * serves any number of concurrent sessions (a gateway creates one at start-up).
 *
 * <pre>{@code
 * Verifier verifier = Verifier.create(RequestSigner.generate())
 *     .transport(mqttTransport)
 *     .transport(bleTransport)
 *     .transports(TransportsConfig.parse(configJson));   // optional: enabled, order
 * VerifierSession session = verifier.session(PresentationQuery.of(dcql));
 * session.engagement().subscribe(e -> showQr(e.toUri()));
 * session.result().subscribe(outcome -> ...);
 * }</pre>
 *
 * <p>A session offers every enabled transport that is configured here, in the engagement, with
 * one key; the first valid Identify on any of them wins and the other listeners are closed.
 */
public final class Verifier {

  /** Lifetime of a request object ({@code exp} = now + this), PROTOCOL.md §3. */
  public static final Duration DEFAULT_REQUEST_LIFETIME = Duration.ofHours(1);
  /** An MQTT rejection older than this is refused (PROTOCOL.md §2.6). */
  public static final Duration DEFAULT_REJECTION_MAX_AGE = Duration.ofMinutes(5);
  /** An MQTT rejection further in the future than this is refused (wallet clock ahead). */
  public static final Duration DEFAULT_REJECTION_MAX_FUTURE = Duration.ofMinutes(1);

  private final Map<TransportType, VerifierTransport> transports;
  private final @Nullable TransportsConfig transportsConfig;
  private final RequestSigner signer;
  private final PresentationValidator validator;
  private final VerifierTimeouts timeouts;
  private final SessionObserver observer;
  private final @Nullable Scheduler scheduler;
  private final Clock clock;
  private final String scheme;
  private final Duration requestLifetime;
  private final Duration rejectionMaxAge;
  private final Duration rejectionMaxFuture;
  private final boolean switchOver;

  private Verifier(
      Map<TransportType, VerifierTransport> transports,
      @Nullable TransportsConfig transportsConfig,
      RequestSigner signer,
      PresentationValidator validator,
      VerifierTimeouts timeouts,
      SessionObserver observer,
      @Nullable Scheduler scheduler,
      Clock clock,
      String scheme,
      Duration requestLifetime,
      Duration rejectionMaxAge,
      Duration rejectionMaxFuture,
      boolean switchOver) {
    this.transports = transports;
    this.transportsConfig = transportsConfig;
    this.signer = signer;
    this.validator = validator;
    this.timeouts = timeouts;
    this.observer = observer;
    this.scheduler = scheduler;
    this.clock = clock;
    this.scheme = scheme;
    this.requestLifetime = requestLifetime;
    this.rejectionMaxAge = rejectionMaxAge;
    this.rejectionMaxFuture = rejectionMaxFuture;
    this.switchOver = switchOver;
  }

  /**
   * A verifier that signs requests with {@code signer}, validates with {@link
   * PresentationValidators#structural()}, uses the default timeouts and switch-over, and has no
   * transport yet.
   */
  public static Verifier create(RequestSigner signer) {
    return new Verifier(
        Map.of(),
        null,
        Objects.requireNonNull(signer, "signer"),
        PresentationValidators.structural(),
        VerifierTimeouts.DEFAULTS,
        SessionObserver.NONE,
        null,
        Clock.systemUTC(),
        Engagement.DEFAULT_SCHEME,
        DEFAULT_REQUEST_LIFETIME,
        DEFAULT_REJECTION_MAX_AGE,
        DEFAULT_REJECTION_MAX_FUTURE,
        true);
  }

  /**
   * Adds a transport, replacing one of the same type. Without a {@link #transports(TransportsConfig)
   * configuration}, transports are preferred in the order they were added.
   */
  public Verifier transport(VerifierTransport transport) {
    Objects.requireNonNull(transport, "transport");
    Map<TransportType, VerifierTransport> copy = new LinkedHashMap<>(transports);
    copy.remove(transport.type());
    copy.put(transport.type(), transport);
    return new Verifier(Collections.unmodifiableMap(copy), transportsConfig, signer, validator, timeouts, observer, scheduler,
        clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** Which of the added transports are enabled and their order (the peer's configuration format). */
  public Verifier transports(TransportsConfig config) {
    return new Verifier(transports, Objects.requireNonNull(config, "config"), signer, validator, timeouts, observer, scheduler,
        clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** The validator for submissions (e.g. a {@link io.proxima.oid4vp.validation.FormatValidatorRegistry}). */
  public Verifier validator(PresentationValidator newValidator) {
    return new Verifier(transports, transportsConfig, signer, Objects.requireNonNull(newValidator, "validator"), timeouts,
        observer, scheduler, clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  public Verifier timeouts(VerifierTimeouts newTimeouts) {
    return new Verifier(transports, transportsConfig, signer, validator, Objects.requireNonNull(newTimeouts, "timeouts"),
        observer, scheduler, clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** Receives the events of every session (metrics, logs). */
  public Verifier observer(SessionObserver newObserver) {
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, Objects.requireNonNull(newObserver, "observer"),
        scheduler, clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /**
   * The scheduler for timers (timeouts). By default {@link reactor.core.scheduler.Schedulers#parallel()},
   * looked up when used; tests pass a {@code VirtualTimeScheduler}. Sessions
   * never create threads.
   */
  public Verifier scheduler(Scheduler newScheduler) {
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, Objects.requireNonNull(newScheduler, "scheduler"),
        clock, scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** The wall clock for {@code iat}/{@code exp} and rejection timestamps. */
  public Verifier clock(Clock newClock) {
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, scheduler, Objects.requireNonNull(newClock, "clock"),
        scheme, requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** The engagement URI scheme (default {@code openid4vp}). */
  public Verifier scheme(String newScheme) {
    Engagement.builder().scheme(newScheme);
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, scheduler, clock, newScheme,
        requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** How long request objects are valid (default one hour). */
  public Verifier requestLifetime(Duration lifetime) {
    VerifierTimeouts.positive(lifetime, "requestLifetime");
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, scheduler, clock, scheme,
        lifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  /** Which MQTT rejection timestamps are accepted: at most {@code maxAge} old, {@code maxFuture} ahead. */
  public Verifier rejectionWindow(Duration maxAge, Duration maxFuture) {
    VerifierTimeouts.positive(maxAge, "rejection maxAge");
    Objects.requireNonNull(maxFuture, "maxFuture");
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, scheduler, clock, scheme,
        requestLifetime, maxAge, maxFuture, switchOver);
  }

  /** Whether sessions switch over to another offered transport when theirs dies (default true). */
  public Verifier switchOver(boolean enabled) {
    return new Verifier(transports, transportsConfig, signer, validator, timeouts, observer, scheduler, clock, scheme,
        requestLifetime, rejectionMaxAge, rejectionMaxFuture, enabled);
  }

  public RequestSigner signer() {
    return signer;
  }

  /** The transports a session offers, most preferred first. */
  public List<TransportType> offeredTransports() {
    return config().preference(transports.keySet());
  }

  /** A new session offering every enabled transport. Lazy: see {@link VerifierSession}. */
  public VerifierSession session(PresentationQuery query) {
    return session(query, EnumSet.allOf(TransportType.class));
  }

  /**
   * A new session offering the enabled transports among {@code offer} (e.g. the command line's
   * {@code --transports mqtt,ble}). If none is left, the session fails with {@link
   * io.proxima.oid4vp.error.NoUsableTransportException} when started.
   */
  public VerifierSession session(PresentationQuery query, Set<TransportType> offer) {
    Objects.requireNonNull(query, "query");
    List<TransportType> offered = offeredTransports().stream().filter(offer::contains).toList();
    return new DefaultVerifierSession(runtime(), query, offered);
  }

  private TransportsConfig config() {
    return transportsConfig != null ? transportsConfig : TransportsConfig.ordered(transports.keySet().toArray(TransportType[]::new));
  }

  private VerifierRuntime runtime() {
    return new VerifierRuntime(transports, config(), signer, validator, timeouts, observer, scheduler, clock, scheme,
        requestLifetime, rejectionMaxAge, rejectionMaxFuture, switchOver);
  }

  @Override
  public String toString() {
    return "Verifier[" + signer.did() + ", " + offeredTransports() + "]";
  }
}
