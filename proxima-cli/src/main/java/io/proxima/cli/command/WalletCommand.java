package io.proxima.cli.command;

import io.proxima.cli.support.BleOptions;
import io.proxima.cli.support.CancelOnInterrupt;
import io.proxima.cli.support.Edge;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.InputException;
import io.proxima.cli.support.JsonLines;
import io.proxima.cli.support.Verbosity;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.InvalidEngagementException;
import io.proxima.error.MalformedInputException;
import io.proxima.message.IdentifyVersion;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletTimeouts;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
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
 * {@code proxima wallet}: the wallet side of one session for an engagement URI. Prints one JSON
 * line with the outcome and exits with the outcome's code.
 */
@Command(
    name = "wallet",
    header = "Runs the wallet side of one session for an engagement URI, prints the outcome as one JSON line.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs the wallet side of one session for an engagement URI (from 'proxima verifier' or a QR code): connects, "
            + "sends the Identify, verifies the signed request, then presents or rejects, and prints the outcome as one JSON line.",
        "What it presents: --credential/--holder-key (an SD-JWT VC, selectively disclosing only what the query asks for), "
            + "--present (a vp_token file, sent as it is), --reject (declines), or by default a freshly minted test PID."},
    footer = {"", "Exit codes: 0 SUBMITTED, 3 REJECTED, 4 FAILED, 5 EXPIRED, 6 CANCELLED, 2 usage error, 1 unexpected error."})
public final class WalletCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WalletCommand.class);

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  @Option(names = "--uri", required = true, paramLabel = "<uri>", description = "The engagement URI (openid4vp://connect?...).")
  String uri = "";

  @Option(names = "--credential", paramLabel = "<file>", description = "SD-JWT VC to present (credential.sd-jwt from 'proxima issue').")
  @Nullable Path credential;

  @Option(names = "--holder-key", paramLabel = "<file>", description = "The holder's private key (JWK) the credential is bound to.")
  @Nullable Path holderKey;

  @Option(names = "--present", paramLabel = "<file>",
      description = "Present this vp_token as it is: {\"<credential query id>\": [\"<presentation>\", ...]} or {\"vp_token\": {...}}.")
  @Nullable Path present;

  @Option(names = "--reject", description = "Decline the request (the verifier ends REJECTED).")
  boolean reject;

  @Option(names = "--transports", paramLabel = "<transport>", split = ",", defaultValue = "mqtt,ble",
      description = "Transports the wallet may use, most preferred first, among those the engagement offers (default: ${DEFAULT-VALUE}).")
  List<TransportType> transports = List.of(TransportType.MQTT, TransportType.BLE);

  @Option(names = "--v1", description = "Send a legacy V1 (44-byte) Identify: the verifier answers with a presentation definition.")
  boolean v1;

  @Mixin BleOptions ble;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Engagement engagement = parse(uri);
    PresentationProvider provider = provider(err);

    Wallet wallet = Wallet.create(provider).version(v1 ? IdentifyVersion.V1 : IdentifyVersion.V2);
    for (TransportType type : new LinkedHashSet<>(transports)) {
      if (!engagement.offers(type)) {
        continue;
      }
      wallet = type == TransportType.MQTT
          ? wallet.transport(MqttTransport.create().reconnect(ReconnectPolicy.defaults().withMaxAttempts(VerifierCommand.MQTT_RECONNECT_ATTEMPTS)))
          : wallet.transport(ble.walletTransport());
    }
    if (wallet.preferredTransports().isEmpty()) {
      throw new InputException("--uri offers " + engagement.endpoints().stream().map(e -> e.type().name()).toList()
          + ", none of --transports " + transports);
    }

    WalletSession session = wallet.session(engagement);
    log.debug("wallet session {}: transports {} of the offered {}, answering with {}", session.sessionId(), wallet.preferredTransports(),
        engagement.endpoints().stream().map(e -> e.type().name()).toList(), answer());
    WalletOutcome outcome;
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.install(session::dispose)) {
      outcome = outcome(session, WalletTimeouts.DEFAULTS);
    }
    log.debug("wallet session {} ended {}", outcome.sessionId(), outcome.state());
    out.println(JsonLines.line(JsonLines.wallet(outcome)));
    out.flush();
    return ExitCodes.of(outcome);
  }

  private static Engagement parse(String uri) {
    try {
      return Engagement.parse(uri.trim());
    } catch (InvalidEngagementException e) {
      throw new InputException("--uri: not a valid engagement: " + e.getMessage(), e);
    }
  }

  private PresentationProvider provider(PrintWriter err) {
    int sources = (reject ? 1 : 0) + (present != null ? 1 : 0) + (credential != null || holderKey != null ? 1 : 0);
    if (sources > 1) {
      throw new ParameterException(spec.commandLine(), "Choose one of --reject, --present or --credential/--holder-key");
    }
    if (reject) {
      return PresentationProviders.rejecting("declined (--reject)");
    }
    if (present != null) {
      try {
        return PresentationProviders.presentingJson(JsonLines.read(present, "--present"));
      } catch (MalformedInputException e) {
        throw new InputException("--present: " + present + ": " + e.getMessage(), e);
      }
    }
    if (credential != null || holderKey != null) {
      if (credential == null || holderKey == null) {
        throw new ParameterException(spec.commandLine(), "--credential and --holder-key go together");
      }
      try {
        return SdJwtPresenter.of(HeldCredential.load(credential, holderKey));
      } catch (CredentialFormatException e) {
        throw new InputException("--credential/--holder-key: " + e.getMessage(), e);
      }
    }
    err.println("No --credential: presenting a freshly minted test PID from a throwaway issuer "
        + "(a verifier with --trust will not trust it; see 'proxima issue').");
    err.flush();
    return SdJwtPresenter.of(TestCredentials.pid(SdJwtVcIssuer.generate()).held());
  }

  /** What the wallet answers with, for the debug log (file names, never contents). */
  private String answer() {
    if (reject) {
      return "a rejection";
    }
    if (present != null) {
      return "the vp_token in " + present;
    }
    return credential != null ? "the SD-JWT VC in " + credential : "a freshly minted test PID";
  }

  static WalletOutcome outcome(WalletSession session, WalletTimeouts timeouts) {
    try {
      return Edge.await(session.result(), Edge.deadline(timeouts), "wallet outcome");
    } catch (Edge.EdgeTimeoutException e) {
      log.warn("{}: cancelling the session", e.getMessage());
      return Edge.await(session.cancel().then(session.result()), timeouts.close().plus(Edge.MARGIN), "wallet outcome");
    }
  }
}
