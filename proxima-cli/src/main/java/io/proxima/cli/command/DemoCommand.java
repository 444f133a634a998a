package io.proxima.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.cli.support.CancelOnInterrupt;
import io.proxima.cli.support.Edge;
import io.proxima.cli.support.EmbeddedBroker;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.InputException;
import io.proxima.cli.support.JsonLines;
import io.proxima.cli.support.OnDemandGateway;
import io.proxima.cli.support.QrCodes;
import io.proxima.cli.support.Queries;
import io.proxima.cli.support.Verbosity;
import io.proxima.engagement.Engagement;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.SessionState;
import io.proxima.oid4vp.StateChange;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.WalletTimeouts;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/**
 * {@code proxima demo}: a verifier and a wallet in one process, over MQTT through an embedded
 * Moquette broker on 127.0.0.1, presenting a freshly minted SD-JWT VC that the verifier fully
 * verifies. Prints the engagement and its QR code, every state transition of both sides with its
 * time, and the outcome with the disclosed claims; exits by itself, 0 on success.
 */
@Command(
    name = "demo",
    header = "Runs a verifier and a wallet in one process over an embedded broker: Proxima at work in a few seconds.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs a verifier and a wallet in one process over an embedded MQTT broker (Moquette on 127.0.0.1, random port, "
            + "telemetry off): mints a test PID for the wallet, lets the verifier ask for a few of its claims, and prints "
            + "the QR code, every state transition of both sides with its time, and the verified, disclosed claims."},
    footer = {"", "Exit codes: as the verifier's: 0 ACCEPTED and verified, 3 REJECTED, 4 FAILED, 5 EXPIRED, 6 CANCELLED, "
        + "7 ACCEPTED but not verified."})
public final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
  /** The demo's sessions give up quickly: nobody waits minutes for a demo. */
  static final Duration DEMO_TIMEOUT = Duration.ofSeconds(30);

  /** Claims of every SD-JWT VC (RFC 9901, SD-JWT VC): shown as one line, not as disclosed claims. */
  private static final Set<String> REGISTERED_CLAIMS = Set.of("iss", "sub", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status");

  private static final Map<SessionState, String> MEANING = Map.ofEntries(
      Map.entry(VerifierState.CREATED, "session created, ephemeral X25519 key generated"),
      Map.entry(VerifierState.ENGAGED, "subscribed on the broker: the QR code can be shown"),
      Map.entry(VerifierState.CONNECTED, "valid Identify received: session keys derived"),
      Map.entry(VerifierState.REQUESTED, "signed, encrypted request sent"),
      Map.entry(VerifierState.ACCEPTED, "presentation received and verified"),
      Map.entry(VerifierState.REJECTED, "the wallet declined"),
      Map.entry(WalletState.CREATED, "QR code scanned"),
      Map.entry(WalletState.CONNECTING, "connecting to the broker in the QR code"),
      Map.entry(WalletState.IDENTIFIED, "Identify sent (wallet key + nonce)"),
      Map.entry(WalletState.REQUEST_RECEIVED, "request decrypted, its signature verified"),
      Map.entry(WalletState.SUBMITTED, "presentation sent, disclosing only what was asked"),
      Map.entry(WalletState.REJECTED, "rejection sent"));

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  @Option(names = "--broker", paramLabel = "<url>",
      description = "Use this MQTT broker (mqtt://host:port) instead of the embedded one.")
  @Nullable String broker;

  @Option(names = "--reject", description = "The wallet declines: the session ends REJECTED (exit code 3).")
  boolean reject;

  @Option(names = "--json", description = "Also print the verifier's outcome as one JSON line at the end (as 'proxima verifier' does).")
  boolean json;

  @Option(names = "--no-qr", description = "Do not print the QR code.")
  boolean noQr;

  @Option(names = "--repeat", paramLabel = "<n>", defaultValue = "0",
      description = "Then run n more sessions quietly and print their times: the first session of a fresh JVM mostly measures "
          + "class loading and JIT compilation (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    EmbeddedBroker embedded = broker == null ? EmbeddedBroker.start() : null;
    OnDemandGateway gateway = null;
    try {
      String url = embedded != null ? embedded.url() : broker;
      long brokerReady = System.nanoTime();

      SdJwtVcIssuer issuer = SdJwtVcIssuer.generate();
      IssuedCredential pid = TestCredentials.pid(issuer);
      DcqlQuery dcql = Queries.defaultPid();
      RequestSigner signer = RequestSigner.generate();
      long keysReady = System.nanoTime();

      MqttTransport mqtt = mqtt(url);
      gateway = new OnDemandGateway(mqtt);
      VerifierTimeouts verifierTimeouts = VerifierTimeouts.DEFAULTS.withEngagement(DEMO_TIMEOUT).withResponse(DEMO_TIMEOUT);
      Verifier verifier = Verifier.create(signer)
          .transport(gateway)
          .timeouts(verifierTimeouts)
          .validator(SdJwtVcValidator.create(IssuerTrust.of(issuer.publicJwks())).registry());
      PresentationProvider provider = reject ? PresentationProviders.rejecting("declined (demo --reject)") : SdJwtPresenter.of(pid.held());
      WalletTimeouts walletTimeouts = WalletTimeouts.DEFAULTS.withConsent(DEMO_TIMEOUT);
      Wallet wallet = Wallet.create(provider).transport(mqtt).timeouts(walletTimeouts);

      out.println("Proxima demo: a verifier and a wallet in one process, presenting an SD-JWT VC over MQTT.");
      out.println();
      out.println(row("broker", embedded != null
          ? "embedded Moquette at " + url + " (loopback only, telemetry off), started in " + millis(start, brokerReady)
          : url));
      out.println(row("issuer", pid.issuer() + " minted a test PID for the wallet; the verifier trusts its key"));
      out.println(row("verifier", signer.did()));
      out.println(row("asks for", Queries.describe(dcql)));
      out.println(row("wallet", reject ? "will decline (--reject)" : "holds the PID and its holder key (" + millis(brokerReady, keysReady) + " to mint and generate keys)"));
      out.flush();

      // The sessions time their states from their creation (monotonic): these offsets put both on one time line.
      long verifierCreated = System.nanoTime();
      VerifierSession verifierSession = verifier.session(PresentationQuery.of(dcql));
      log.debug("demo: verifier session {} over {}", verifierSession.sessionId(), url);
      AtomicReference<@Nullable WalletSession> walletRef = new AtomicReference<>();
      VerifierOutcome verifierOutcome;
      WalletOutcome walletOutcome = null;
      try (CancelOnInterrupt interrupt = CancelOnInterrupt.install(() -> {
        verifierSession.dispose();
        WalletSession w = walletRef.get();
        if (w != null) {
          w.dispose();
        }
      })) {
        Engagement engagement = engagement(verifierSession, verifierTimeouts);
        if (engagement != null) {
          showEngagement(engagement, out);
          Duration walletOffset = Duration.ofNanos(System.nanoTime() - verifierCreated);
          WalletSession walletSession = wallet.session(engagement);
          walletRef.set(walletSession);
          if (interrupt.fired()) {
            walletSession.dispose();
          }
          walletSession.start();
          printTimeline(verifierSession, walletSession, walletOffset, out, Edge.deadline(verifierTimeouts));
          walletOutcome = WalletCommand.outcome(walletSession, walletTimeouts);
        }
        verifierOutcome = VerifierCommand.outcome(verifierSession, verifierTimeouts);
      }
      log.debug("demo: verifier ended {}, wallet ended {}", verifierOutcome.state(), walletOutcome == null ? "-" : walletOutcome.state());
      printOutcome(verifierOutcome, walletOutcome, out);
      out.println();
      out.println("Total " + millis(start, System.nanoTime()) + " (broker start, keys, credential, session), not counting JVM start.");
      if (repeat > 0 && verifierOutcome.state() == VerifierState.ACCEPTED) {
        printRepeats(verifier, wallet, dcql, verifierTimeouts, walletTimeouts, out);
      }
      if (json) {
        out.println(JsonLines.line(JsonLines.verifier(verifierOutcome, true)));
      }
      out.flush();
      return ExitCodes.of(verifierOutcome, true);
    } finally {
      if (gateway != null) {
        try {
          gateway.close().timeout(VerifierTimeouts.DEFAULT_CLOSE).block();
        } catch (RuntimeException e) {
          log.debug("closing the MQTT gateway: {}", e.toString());
        }
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** Runs {@link #repeat} more sessions one after the other, at the edge, and prints their times. */
  private void printRepeats(Verifier verifier, Wallet wallet, DcqlQuery dcql, VerifierTimeouts verifierTimeouts,
      WalletTimeouts walletTimeouts, PrintWriter out) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      VerifierSession session = verifier.session(PresentationQuery.of(dcql));
      Engagement engagement = engagement(session, verifierTimeouts);
      if (engagement == null) {
        break;
      }
      WalletCommand.outcome(wallet.session(engagement), walletTimeouts);
      VerifierOutcome outcome = VerifierCommand.outcome(session, verifierTimeouts);
      if (outcome.state() != VerifierState.ACCEPTED) {
        out.println("Session " + (i + 2) + " ended " + outcome.state() + error(outcome.failure()));
        break;
      }
      millis.add(last(outcome.timeline()).toNanos() / 1e6);
    }
    if (!millis.isEmpty()) {
      List<Double> sorted = millis.stream().sorted().toList();
      out.println(String.format(Locale.ROOT, "%d more sessions in the warm JVM, verifier CREATED to ACCEPTED: median %.1f ms, min %.1f ms, max %.1f ms",
          sorted.size(), sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1)));
    }
  }

  private static MqttTransport mqtt(String url) {
    try {
      return MqttTransport.create().broker(url).reconnect(ReconnectPolicy.defaults().withMaxAttempts(VerifierCommand.MQTT_RECONNECT_ATTEMPTS));
    } catch (IllegalArgumentException e) {
      throw new InputException("--broker: " + e.getMessage(), e);
    }
  }

  private static @Nullable Engagement engagement(VerifierSession session, VerifierTimeouts timeouts) {
    try {
      return Edge.await(session.engagement(), timeouts.listen().plus(Edge.MARGIN), "engagement");
    } catch (RuntimeException e) {
      log.debug("no engagement: {}", e.toString());
      session.dispose();
      return null;
    }
  }

  private void showEngagement(Engagement engagement, PrintWriter out) {
    String uri = engagement.toUri();
    out.println();
    out.println("Engagement (the verifier shows it as a QR code; the wallet scans it):");
    out.println(uri);
    if (!noQr) {
      out.println();
      out.print(QrCodes.toTerminal(uri, QrCodes.stdoutIsTerminal()));
    }
    out.flush();
  }

  /** Prints both timelines as the states are entered, in milliseconds since the verifier's session was created. */
  private static void printTimeline(VerifierSession verifier, WalletSession wallet, Duration walletOffset, PrintWriter out,
      Duration deadline) {
    out.println();
    out.println("Session (ms since the verifier's session was created):");
    out.flush();
    Flux<String> lines = Flux.merge(
            verifier.states().map(c -> line(Duration.ZERO, "verifier", c)),
            wallet.states().map(c -> line(walletOffset, "wallet", c)))
        .timeout(deadline);
    try {
      for (String line : lines.toIterable()) {
        out.println(line);
        out.flush();
      }
    } catch (RuntimeException e) {
      out.println("  (timeline incomplete: " + e.getMessage() + ")");
    }
  }

  private static String line(Duration offset, String side, StateChange<?> change) {
    double ms = offset.plus(change.elapsed()).toNanos() / 1e6;
    return String.format(Locale.ROOT, "%9.1f  %-8s  %-16s  %s", ms, side, change.state(), MEANING.getOrDefault(change.state(), ""));
  }

  private static void printOutcome(VerifierOutcome verifier, @Nullable WalletOutcome wallet, PrintWriter out) {
    out.println();
    out.println("Outcome:");
    out.println(row("verifier", verifier.state()
        + (verifier.transport() == null ? "" : " over " + verifier.transport())
        + (verifier.version() == null ? "" : " (" + verifier.version() + ")")
        + ", " + ms(last(verifier.timeline())) + " after its session was created"
        + error(verifier.failure())));
    if (wallet != null) {
      String what = wallet.decision() instanceof PresentationDecision.Present p ? ": presented " + String.join(", ", p.vpToken().keySet())
          : wallet.decision() instanceof PresentationDecision.Reject r ? ": " + r.reason() : "";
      out.println(row("wallet", wallet.state() + ", " + ms(last(wallet.timeline())) + " after scanning" + what + error(wallet.failure())));
    }
    ValidationOutcome validation = verifier.validation();
    if (validation == null) {
      return;
    }
    out.println(row("verified", (validation.verified() ? "yes: " : "NO: ") + validation.note()));
    List<ValidationReason> problems = validation.reasons();
    if (!problems.isEmpty()) {
      out.println(row("reasons", problems.stream().map(r -> r.code() + " (" + r.detail() + ")").collect(Collectors.joining("; "))));
    }
    validation.disclosedClaims().forEach((id, claims) -> printClaims(id, claims, out));
  }

  /**
   * The credential's registered claims on one line, then the disclosed claims one per line, then
   * what the wallet held back: the point of selective disclosure.
   */
  private static void printClaims(String queryId, JsonNode claims, PrintWriter out) {
    out.println(row("credential", queryId + ": " + claims.path("vct").asText("?") + " from " + claims.path("iss").asText("?")
        + (claims.has("exp") ? ", valid until " + Instant.ofEpochSecond(claims.path("exp").asLong()) : "")
        + (claims.has("cnf") ? ", bound to the wallet's key" : "")));
    List<String> disclosed = new ArrayList<>();
    claims.fieldNames().forEachRemaining(name -> {
      if (!REGISTERED_CLAIMS.contains(name)) {
        disclosed.add(name);
      }
    });
    String label = "disclosed";
    for (String name : disclosed) {
      JsonNode value = claims.get(name);
      out.println(row(label, String.format(Locale.ROOT, "%-18s %s", name, value.isTextual() ? value.asText() : JsonLines.line(value))));
      label = "";
    }
    List<String> withheld = new ArrayList<>();
    TestCredentials.pidClaims().fieldNames().forEachRemaining(name -> {
      if (!claims.has(name)) {
        withheld.add(name);
      }
    });
    if (!withheld.isEmpty()) {
      out.println(row("withheld", String.join(", ", withheld) + " (in the wallet's credential, not asked for)"));
    }
  }

  private static Duration last(List<? extends StateChange<?>> timeline) {
    return timeline.isEmpty() ? Duration.ZERO : timeline.get(timeline.size() - 1).elapsed();
  }

  private static String error(@Nullable Throwable failure) {
    return failure == null ? "" : " (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")";
  }

  private static String row(String label, String text) {
    return String.format(Locale.ROOT, "  %-10s  %s", label, text);
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }

  private static String millis(long fromNanos, long toNanos) {
    return String.format(Locale.ROOT, "%d ms", (toNanos - fromNanos) / 1_000_000);
  }
}
