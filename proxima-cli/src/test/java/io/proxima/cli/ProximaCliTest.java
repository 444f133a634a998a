package io.proxima.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.JsonLines;
import io.proxima.cli.testing.PrivateDbus;
import io.proxima.cli.testing.QrDecoder;
import io.proxima.cli.testing.RunningCommand;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code proxima} command line in this JVM: options, usage errors, exit codes, and sessions of
 * the verifier and wallet commands against mosquitto. (CommandLineIT runs the packaged jar in
 * separate processes.)
 */
class ProximaCliTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String URI_PREFIX = "openid4vp://connect?";

  static String broker() {
    return MosquittoBroker.shared().url();
  }

  static JsonNode json(String line) throws IOException {
    return JsonLines.parse(line);
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    RunningCommand help = RunningCommand.run("--help");
    assertThat(help.exitCode(WAIT)).isZero();
    assertThat(help.out()).contains("demo", "verifier", "wallet", "issue", "Exit codes:", "5  EXPIRED");
    RunningCommand verifierHelp = RunningCommand.run("verifier", "--help");
    assertThat(verifierHelp.exitCode(WAIT)).isZero();
    assertThat(verifierHelp.out()).contains("--broker", "--transports", "--query", "--timeout", "--qr-png", "--trust", "--ble-adapter",
        "--dbus-address", "-v, --verbose");
  }

  @Test
  void versionNamesTheProgram() {
    RunningCommand version = RunningCommand.run("--version");
    assertThat(version.exitCode(WAIT)).isZero();
    assertThat(version.out()).startsWith("proxima ").contains("Java ");
  }

  @Test
  void withoutACommandItIsAUsageError() {
    RunningCommand none = RunningCommand.run();
    assertThat(none.exitCode(WAIT)).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("Missing a command");
  }

  @Test
  void badInputIsAUsageErrorNamingTheOption(@TempDir Path dir) throws IOException {
    Path notJson = Files.writeString(dir.resolve("query.json"), "{not json");
    Path notJwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\": 3}");
    Path vpToken = Files.writeString(dir.resolve("vp.json"), "{\"pid\": [\"x\"]}");

    assertUsageError(new String[] {"verifier"}, "Missing --broker");
    assertUsageError(new String[] {"verifier", "--broker", broker(), "--query", dir.resolve("absent.json").toString()}, "--query");
    assertUsageError(new String[] {"verifier", "--broker", broker(), "--query", notJson.toString()}, "--query");
    assertUsageError(new String[] {"verifier", "--broker", broker(), "--trust", notJwks.toString()}, "--trust");
    assertUsageError(new String[] {"verifier", "--broker", "mqtt://127.0.0.1"}, "--broker");
    assertUsageError(new String[] {"verifier", "--broker", broker(), "--transports", "carrier-pigeon"}, "--transports");
    assertUsageError(new String[] {"wallet"}, "--uri");
    assertUsageError(new String[] {"wallet", "--uri", "openid4vp://connect?key=00"}, "--uri");
    assertUsageError(new String[] {"wallet", "--uri", engagementUri(), "--reject", "--present", vpToken.toString()}, "--reject");
    assertUsageError(new String[] {"wallet", "--uri", engagementUri(), "--credential", vpToken.toString()}, "--holder-key");
    assertUsageError(new String[] {"wallet", "--uri", engagementUri(), "--present", notJson.toString()}, "--present");
  }

  private static void assertUsageError(String[] args, String mentioned) {
    RunningCommand run = RunningCommand.run(args);
    assertThat(run.exitCode(WAIT)).as("exit code of %s, err: %s", String.join(" ", args), run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as("message of %s", String.join(" ", args)).contains(mentioned);
    assertThat(run.out()).as("nothing on standard output").isEmpty();
  }

  private static String engagementUri() {
    return "openid4vp://connect?key=" + "ab".repeat(32) + "&brokerUrl=mqtt%3A%2F%2F127.0.0.1%3A1&topicId=9b2c7a04-7b29-4e1e-8d0e-3f1b2c3d4e5f";
  }

  @Test
  void aVerifierThatNobodyAnswersExpiresAndSaysSo(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("qr.png");
    RunningCommand verifier = RunningCommand.run("verifier", "--broker", broker(), "--timeout", "1", "--qr-png", png.toString());

    assertThat(verifier.exitCode(WAIT)).isEqualTo(ExitCodes.EXPIRED);
    String uri = verifier.outLines().get(0);
    assertThat(uri).startsWith(URI_PREFIX);
    Engagement engagement = Engagement.parse(uri);
    assertThat(engagement.mqtt()).hasValueSatisfying(e -> assertThat(e.brokerUrl().toString()).isEqualTo(broker()));
    assertThat(QrDecoder.decodeTerminal(verifier.out())).as("the terminal QR code").isEqualTo(uri);
    assertThat(QrDecoder.decodePng(png)).as("the PNG").isEqualTo(uri);
    JsonNode outcome = json(verifier.lastLine());
    assertThat(outcome.get("state").asText()).isEqualTo("EXPIRED");
    assertThat(outcome.get("verified").asBoolean()).isFalse();
    assertThat(outcome.at("/error/awaited").asText()).isEqualTo("a valid Identify");
    assertThat(outcome.get("session_id").asText()).isEqualTo(engagement.sessionId().toString());
    JsonNode timings = outcome.get("timings");
    assertThat(timings.get(timings.size() - 1).get("state").asText()).isEqualTo("EXPIRED");
  }

  @Test
  void theVerifierAndWalletCommandsCompleteASessionWithAPresentationFileAndAV1Identify(@TempDir Path dir) throws IOException {
    Path vpToken = Files.writeString(dir.resolve("vp.json"), "{\"vp_token\": {\"pid\": [\"" + io.proxima.oid4vp.testing.Fixtures.SD_JWT + "\"]}}");
    RunningCommand verifier = RunningCommand.start("verifier", "--broker", broker(), "--no-qr", "--timeout", "20");
    String uri = verifier.awaitLine(l -> l.startsWith(URI_PREFIX), WAIT);

    RunningCommand wallet = RunningCommand.run("wallet", "--uri", uri, "--present", vpToken.toString(), "--v1");

    assertThat(wallet.exitCode(WAIT)).as(wallet.err()).isZero();
    JsonNode w = json(wallet.lastLine());
    assertThat(w.get("state").asText()).isEqualTo("SUBMITTED");
    assertThat(w.get("version").asText()).isEqualTo("V1");
    assertThat(w.get("presented").toString()).isEqualTo("[\"pid\"]");
    assertThat(verifier.exitCode(WAIT)).as(verifier.err()).isZero();
    assertThat(verifier.outLines()).as("URI line, then the JSON line").hasSize(2);
    JsonNode v = json(verifier.lastLine());
    assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(v.get("version").asText()).isEqualTo("V1");
    assertThat(v.get("transport").asText()).isEqualTo("MQTT");
    assertThat(v.get("verified").asBoolean()).as("no --trust: structure only").isFalse();
    assertThat(v.get("trust").asText()).isEqualTo("none (structure only)");
    assertThat(v.at("/vp_token/pid/0").asText()).isEqualTo(io.proxima.oid4vp.testing.Fixtures.SD_JWT);
    assertThat(v.has("presentation_submission")).isTrue();
    assertThat(v.at("/validation/reasons/0/code").asText()).isEqualTo("not_verified");
  }

  @Test
  void aQueryFileDecidesWhatIsAskedForAndTrustedCredentialsAreVerified(@TempDir Path dir) throws IOException {
    CredentialFiles files = TestCredentials.pid(SdJwtVcIssuer.generate()).writeTo(dir.resolve("pid"));
    Path query = Files.writeString(dir.resolve("query.json"), """
        {"dcql_query": {"credentials": [{"id": "residence", "format": "dc+sd-jwt", "meta": {"vct_values": ["urn:eudi:pid:1"]},
          "claims": [{"path": ["address", "locality"]}, {"path": ["nationalities", null]}]}]}}
        """);
    RunningCommand verifier = RunningCommand.start("verifier", "--broker", broker(), "--no-qr", "--timeout", "20",
        "--query", query.toString(), "--trust", files.issuerJwks().toString(), "--advertised-broker", "mqtt://localhost:" + MosquittoBroker.shared().port());
    String uri = verifier.awaitLine(l -> l.startsWith(URI_PREFIX), WAIT);
    assertThat(Engagement.parse(uri).mqtt()).hasValueSatisfying(e -> assertThat(e.brokerUrl().getHost()).isEqualTo("localhost"));

    RunningCommand wallet = RunningCommand.run("wallet", "--uri", uri, "--credential", files.credential().toString(),
        "--holder-key", files.holderKey().toString());

    assertThat(wallet.exitCode(WAIT)).as(wallet.err()).isZero();
    assertThat(verifier.exitCode(WAIT)).as(verifier.err()).isZero();
    JsonNode v = json(verifier.lastLine());
    assertThat(v.get("verified").asBoolean()).as("%s", v.get("validation")).isTrue();
    JsonNode claims = v.at("/disclosed_claims/residence");
    assertThat(claims.at("/address/locality").asText()).isEqualTo("Köln");
    assertThat(claims.get("nationalities").toString()).isEqualTo("[\"DE\",\"FR\"]");
    assertThat(claims.has("given_name")).as("not asked for").isFalse();
    assertThat(claims.at("/address/street_address").isMissingNode()).as("not asked for").isTrue();
  }

  @Test
  void aVerifierOfferingBleWhereThereIsNoBlueZCarriesOnOverMqtt() throws IOException {
    try (PrivateDbus bus = PrivateDbus.start()) {
      aVerifierOfferingBleCarriesOnOverMqtt(bus.address());
    }
  }

  private void aVerifierOfferingBleCarriesOnOverMqtt(String busAddress) throws IOException {
    RunningCommand verifier = RunningCommand.start("verifier", "--broker", broker(), "--transports", "mqtt,ble", "--no-qr",
        "--dbus-address", busAddress, "--timeout", "20");
    String uri = verifier.awaitLine(l -> l.startsWith(URI_PREFIX), WAIT);
    Engagement engagement = Engagement.parse(uri);
    assertThat(engagement.offers(TransportType.MQTT)).isTrue();
    assertThat(engagement.offers(TransportType.BLE)).as("BLE could not listen: left out of the QR").isFalse();

    RunningCommand wallet = RunningCommand.run("wallet", "--uri", uri);

    assertThat(wallet.exitCode(WAIT)).as(wallet.err()).isZero();
    assertThat(wallet.err()).contains("freshly minted test PID");
    assertThat(verifier.exitCode(WAIT)).as(verifier.err()).isZero();
    JsonNode v = json(verifier.lastLine());
    assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(v.at("/vp_token/pid/0").asText()).contains("~");
  }

  @Test
  void aVerifierOfferingOnlyBleWhereThereIsNoBlueZFails() throws IOException {
    RunningCommand verifier;
    try (PrivateDbus bus = PrivateDbus.start()) {
      verifier = RunningCommand.run("verifier", "--transports", "ble", "--ble-adapter", "hci3", "--dbus-address", bus.address());
    }

    assertThat(verifier.exitCode(WAIT)).isEqualTo(ExitCodes.FAILED);
    assertThat(verifier.outLines()).as("no engagement, only the JSON line").hasSize(1);
    JsonNode v = json(verifier.lastLine());
    assertThat(v.get("state").asText()).isEqualTo("FAILED");
    assertThat(v.at("/error/type").asText()).isEqualTo("GattException");
    assertThat(v.at("/error/message").asText()).contains("hci3");
  }

  @Test
  void issueWritesACredentialAWalletCanHoldAndTheIssuerKeysAVerifierTrusts(@TempDir Path dir) {
    Path out = dir.resolve("pid");
    RunningCommand issue = RunningCommand.run("issue", "--out", out.toString(), "--issuer", "https://issuer.test.example");

    assertThat(issue.exitCode(WAIT)).as(issue.err()).isZero();
    CredentialFiles files = CredentialFiles.in(out);
    assertThat(issue.out()).contains(files.credential().toString(), files.holderKey().toString(), files.issuerJwks().toString());
    HeldCredential held = files.loadCredential();
    assertThat(held.vct()).isEqualTo(TestCredentials.PID_VCT);
    assertThat(held.issuer()).isEqualTo("https://issuer.test.example");
    assertThat(held.claims().get("family_name").asText()).isEqualTo("Mustermann");
    assertThat(files.loadTrust().keys()).hasSize(1);
    assertThat(files.loadTrust().keys().get(0).isPrivate()).as("only the public key is published").isFalse();
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.holderKey()))).isEqualTo("rw-------");
    } catch (IOException | UnsupportedOperationException e) {
      throw new AssertionError(e);
    }
  }
}
