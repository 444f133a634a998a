package io.proxima.cli.command;

import io.proxima.cli.support.BleOptions;
import io.proxima.cli.support.CancelOnInterrupt;
import io.proxima.cli.support.Edge;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.InputException;
import io.proxima.cli.support.JsonLines;
import io.proxima.cli.support.OnDemandGateway;
import io.proxima.cli.support.QrCodes;
import io.proxima.cli.support.Queries;
import io.proxima.cli.support.Verbosity;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.mqtt.MqttTransport;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code proxima verifier}: one verifier session. Prints the engagement URI on its own line, the
 * QR code, then one JSON line with the outcome, and exits with the outcome's code.
 */
@Command(
    name = "verifier",
    header = "Runs one verifier session: shows the QR code, prints the outcome as one JSON line.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs one verifier session: shows the engagement (URI line and QR code), waits for a wallet, sends a signed request "
            + "and prints the outcome as one JSON line (state, verified, disclosed_claims, vp_token, timings, ...).",
        "Without --trust only the structure of the presentations is checked and the line says \"verified\": false."},
    footer = {"", "Exit codes: 0 ACCEPTED (with --trust: and verified), 3 REJECTED, 4 FAILED, 5 EXPIRED, 6 CANCELLED, "
        + "7 ACCEPTED but not verified (with --trust), 2 usage error, 1 unexpected error."})
public final class VerifierCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(VerifierCommand.class);
  /** Reconnect attempts before the broker counts as lost (then the session fails, or switches over to BLE). */
  static final long MQTT_RECONNECT_ATTEMPTS = 5;

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  @Option(names = "--broker", paramLabel = "<url>",
      description = "MQTT broker to connect to and to put into the QR code: mqtt://host:port (TCP) or mqtts://host:port (TLS). "
          + "Required when MQTT is offered.")
  @Nullable String broker;

  @Option(names = "--advertised-broker", paramLabel = "<url>",
      description = "Broker URL for the QR code when wallets reach the broker by another address (default: --broker).")
  @Nullable String advertisedBroker;

  @Option(names = "--transports", paramLabel = "<transport>", split = ",", defaultValue = "mqtt",
      description = "Transports to offer in one engagement, first valid Identify wins: mqtt, ble or mqtt,ble (default: ${DEFAULT-VALUE}).")
  List<TransportType> transports = List.of(TransportType.MQTT);

  @Option(names = "--query", paramLabel = "<dcql.json>",
      description = "DCQL query to ask with (default: an SD-JWT VC PID, urn:eudi:pid:1: given_name, family_name, age_equal_or_over.18).")
  @Nullable Path query;

  @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "300",
      description = "How long the QR code stays valid while waiting for a wallet, and again how long the wallet has to answer "
          + "the request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 300;

  @Option(names = "--trust", paramLabel = "<jwks.json>",
      description = "Trusted issuer keys (JWKS, e.g. from 'proxima issue'): SD-JWT VC presentations are fully verified "
          + "(issuer signature, type, validity, disclosures, key binding, query).")
  @Nullable Path trust;

  @Option(names = "--qr-png", paramLabel = "<file>", description = "Also write the QR code as a PNG file.")
  @Nullable Path qrPng;

  @Option(names = "--no-qr", description = "Do not print the QR code (the URI line is still printed).")
  boolean noQr;

  @Mixin BleOptions ble;

  @Option(names = "--ble-advertising-refresh", paramLabel = "<seconds>", defaultValue = "0",
      description = "Re-register the BLE advertisement at this interval until a wallet connects; 0 = never (default: real radios "
          + "repeat advertisements; emulated controllers such as btvirt need e.g. 2).")
  int advertisingRefreshSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<TransportType> offer = new LinkedHashSet<>(transports);
    if (offer.contains(TransportType.MQTT) && broker == null) {
      throw new ParameterException(spec.commandLine(), "Missing --broker <url>: MQTT is offered (--transports " + offer + ")");
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    DcqlQuery dcql = query == null ? Queries.defaultPid() : Queries.load(query);
    IssuerTrust issuerTrust = trust == null ? null : loadTrust(trust);

    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    VerifierTimeouts timeouts = VerifierTimeouts.DEFAULTS.withEngagement(timeout).withResponse(timeout);
    Verifier verifier = Verifier.create(RequestSigner.generate()).timeouts(timeouts);
    if (issuerTrust != null) {
      verifier = verifier.validator(SdJwtVcValidator.create(issuerTrust).registry());
    }
    OnDemandGateway gateway = null;
    for (TransportType type : offer) {
      if (type == TransportType.MQTT) {
        gateway = new OnDemandGateway(mqtt());
        verifier = verifier.transport(gateway);
      } else {
        if (advertisingRefreshSeconds < 0) {
          throw new ParameterException(spec.commandLine(), "--ble-advertising-refresh must not be negative");
        }
        verifier = verifier.transport(ble.verifierTransport(Duration.ofSeconds(advertisingRefreshSeconds)));
      }
    }

    VerifierSession session = verifier.session(PresentationQuery.of(dcql), EnumSet.copyOf(offer));
    log.debug("verifier session {}: offering {}{}, asking for {}, {}, timeouts {}", session.sessionId(), offer,
        broker == null ? "" : " (broker " + broker + ")", Queries.describe(dcql),
        issuerTrust == null ? "structure-only validation" : "verifying with " + issuerTrust, timeouts);
    VerifierOutcome outcome;
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.install(session::dispose)) {
      Engagement engagement = engagement(session, timeouts);
      if (engagement != null) {
        show(engagement, out, err);
        err.println("Waiting up to " + timeoutSeconds + " s for a wallet (Ctrl-C cancels).");
        err.flush();
      }
      outcome = outcome(session, timeouts);
    } finally {
      if (gateway != null) {
        close(gateway, timeouts.close());
      }
    }
    log.debug("verifier session {} ended {}", outcome.sessionId(), outcome.state());
    out.println(JsonLines.line(JsonLines.verifier(outcome, issuerTrust != null)));
    out.flush();
    return ExitCodes.of(outcome, issuerTrust != null);
  }

  private MqttTransport mqtt() {
    try {
      MqttTransport t = MqttTransport.create()
          .broker(broker)
          .reconnect(io.proxima.mqtt.ReconnectPolicy.defaults().withMaxAttempts(MQTT_RECONNECT_ATTEMPTS));
      return advertisedBroker == null ? t : t.advertisedBroker(advertisedBroker);
    } catch (IllegalArgumentException e) {
      throw new InputException("--broker: " + e.getMessage(), e);
    }
  }

  private static IssuerTrust loadTrust(Path file) {
    try {
      return IssuerTrust.loadJwks(file);
    } catch (CredentialFormatException e) {
      throw new InputException("--trust: " + e.getMessage(), e);
    }
  }

  /** The engagement, or null if the session ended before it could show one (its outcome says why). */
  private static @Nullable Engagement engagement(VerifierSession session, VerifierTimeouts timeouts) {
    try {
      return Edge.await(session.engagement(), timeouts.listen().plus(Edge.MARGIN), "engagement");
    } catch (RuntimeException e) {
      log.debug("no engagement: {}", e.toString());
      if (e instanceof Edge.EdgeTimeoutException) {
        session.dispose();
      }
      return null;
    }
  }

  static VerifierOutcome outcome(VerifierSession session, VerifierTimeouts timeouts) {
    try {
      return Edge.await(session.result(), Edge.deadline(timeouts), "verifier outcome");
    } catch (Edge.EdgeTimeoutException e) {
      // Cannot happen while the flow bounds its waits; cancel so that the outcome says CANCELLED.
      log.warn("{}: cancelling the session", e.getMessage());
      return Edge.await(session.cancel().then(session.result()), timeouts.close().plus(Edge.MARGIN), "verifier outcome");
    }
  }

  private void show(Engagement engagement, PrintWriter out, PrintWriter err) {
    String uri = engagement.toUri();
    out.println(uri);
    if (!noQr) {
      out.println();
      out.print(QrCodes.toTerminal(uri, QrCodes.stdoutIsTerminal()));
      out.println();
    }
    out.flush();
    if (qrPng != null) {
      try {
        QrCodes.writePng(uri, qrPng);
        err.println("QR code written to " + qrPng);
      } catch (UncheckedIOException e) {
        err.println("proxima verifier: " + e.getMessage() + ": " + e.getCause().getMessage());
      }
    }
  }

  private static void close(OnDemandGateway gateway, Duration timeout) {
    try {
      gateway.close().timeout(timeout).block();
    } catch (RuntimeException e) {
      log.debug("closing the MQTT gateway: {}", e.toString());
    }
  }
}
