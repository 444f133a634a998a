package io.proxima.oid4vp;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.internal.DefaultWalletSession;
import io.proxima.oid4vp.internal.WalletRuntime;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.request.RequestVerifier;
import io.proxima.transport.WalletTransport;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The wallet side: creates {@link WalletSession}s that share transports, presentation provider
 * and settings. Immutable: every {@code with}-style method returns a new instance.
 *
 * <pre>{@code
 * Wallet wallet = Wallet.create(provider).transport(mqttTransport).transport(bleTransport);
 * WalletOutcome outcome = wallet.session(Engagement.parse(scannedUri)).result().block();  // at the edge
 * }</pre>
 *
 * <p>Transport choice: the wallet's preference ({@link #transports(TransportsConfig)}, else the
 * order in which transports were added) restricted to what the engagement offers. If setup on the
 * chosen transport fails before the verifier answers the Identify (connect error, or no request
 * within the request timeout), the next one is tried with the same Identify. The last attempt's
 * error becomes the outcome (a timeout: EXPIRED).
 */
public final class Wallet {

  private final Map<TransportType, WalletTransport> transports;
  private final @Nullable TransportsConfig transportsConfig;
  private final PresentationProvider provider;
  private final RequestVerifier requestVerifier;
  private final IdentifyVersion version;
  private final WalletTimeouts timeouts;
  private final SessionObserver observer;
  private final @Nullable Scheduler scheduler;
  private final Clock clock;
  private final boolean switchOver;

  private Wallet(
      Map<TransportType, WalletTransport> transports,
      @Nullable TransportsConfig transportsConfig,
      PresentationProvider provider,
      RequestVerifier requestVerifier,
      IdentifyVersion version,
      WalletTimeouts timeouts,
      SessionObserver observer,
      @Nullable Scheduler scheduler,
      Clock clock,
      boolean switchOver) {
    this.transports = transports;
    this.transportsConfig = transportsConfig;
    this.provider = provider;
    this.requestVerifier = requestVerifier;
    this.version = version;
    this.timeouts = timeouts;
    this.observer = observer;
    this.scheduler = scheduler;
    this.clock = clock;
    this.switchOver = switchOver;
  }

  /** A V2 wallet deciding with {@code provider}, default timeouts and switch-over, no transport yet. */
  public static Wallet create(PresentationProvider provider) {
    return new Wallet(Map.of(), null, Objects.requireNonNull(provider, "provider"), RequestVerifier.create(), IdentifyVersion.V2,
        WalletTimeouts.DEFAULTS, SessionObserver.NONE, null, Clock.systemUTC(), true);
  }

  /** Adds a transport, replacing one of the same type. */
  public Wallet transport(WalletTransport transport) {
    Objects.requireNonNull(transport, "transport");
    Map<TransportType, WalletTransport> copy = new LinkedHashMap<>(transports);
    copy.remove(transport.type());
    copy.put(transport.type(), transport);
    return new Wallet(Collections.unmodifiableMap(copy), transportsConfig, provider, requestVerifier, version, timeouts, observer,
        scheduler, clock, switchOver);
  }

  /** Which of the added transports are enabled and preferred (the peer's configuration format). */
  public Wallet transports(TransportsConfig config) {
    return new Wallet(transports, Objects.requireNonNull(config, "config"), provider, requestVerifier, version, timeouts, observer,
        scheduler, clock, switchOver);
  }

  public Wallet provider(PresentationProvider newProvider) {
    return new Wallet(transports, transportsConfig, Objects.requireNonNull(newProvider, "provider"), requestVerifier, version,
        timeouts, observer, scheduler, clock, switchOver);
  }

  /** How requests are verified (e.g. another clock skew). */
  public Wallet requestVerifier(RequestVerifier verifier) {
    return new Wallet(transports, transportsConfig, provider, Objects.requireNonNull(verifier, "verifier"), version, timeouts,
        observer, scheduler, clock, switchOver);
  }

  /** The Identify version to send: V2 (45 bytes, DCQL) by default, V1 (44 bytes) for legacy verifiers. */
  public Wallet version(IdentifyVersion newVersion) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, Objects.requireNonNull(newVersion, "version"),
        timeouts, observer, scheduler, clock, switchOver);
  }

  public Wallet timeouts(WalletTimeouts newTimeouts) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, version, Objects.requireNonNull(newTimeouts, "timeouts"),
        observer, scheduler, clock, switchOver);
  }

  public Wallet observer(SessionObserver newObserver) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, version, timeouts,
        Objects.requireNonNull(newObserver, "observer"), scheduler, clock, switchOver);
  }

  /** The scheduler for timers; see {@link Verifier#scheduler(Scheduler)}. */
  public Wallet scheduler(Scheduler newScheduler) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, version, timeouts, observer,
        Objects.requireNonNull(newScheduler, "scheduler"), clock, switchOver);
  }

  /** The wall clock for request expiry checks and rejection timestamps. */
  public Wallet clock(Clock newClock) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, version, timeouts, observer, scheduler,
        Objects.requireNonNull(newClock, "clock"), switchOver);
  }

  /** Whether a session whose transport dies after the Identify tries to continue on another offered transport (default true). */
  public Wallet switchOver(boolean enabled) {
    return new Wallet(transports, transportsConfig, provider, requestVerifier, version, timeouts, observer, scheduler, clock, enabled);
  }

  /** The wallet's transports, most preferred first. */
  public List<TransportType> preferredTransports() {
    return config().preference(transports.keySet());
  }

  /** A new session for an engagement. Lazy: see {@link WalletSession}. */
  public WalletSession session(Engagement engagement) {
    Objects.requireNonNull(engagement, "engagement");
    return new DefaultWalletSession(runtime(), engagement);
  }

  /**
   * A new session for an engagement URI.
   *
   * @throws io.proxima.error.InvalidEngagementException if the URI is not a valid engagement
   */
  public WalletSession session(String engagementUri) {
    return session(Engagement.parse(engagementUri));
  }

  private TransportsConfig config() {
    return transportsConfig != null ? transportsConfig : TransportsConfig.ordered(transports.keySet().toArray(TransportType[]::new));
  }

  private WalletRuntime runtime() {
    return new WalletRuntime(transports, config(), provider, requestVerifier, version, timeouts, observer, scheduler, clock, switchOver);
  }

  @Override
  public String toString() {
    return "Wallet[" + version + ", " + preferredTransports() + "]";
  }
}
