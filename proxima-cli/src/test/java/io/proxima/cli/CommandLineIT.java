package io.proxima.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.JsonLines;
import io.proxima.cli.testing.CliProcess;
import io.proxima.cli.testing.QrDecoder;
import io.proxima.engagement.Engagement;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line, {@code java -jar target/proxima.jar}, as users run it: the verifier
 * and the wallet in two separate processes against mosquitto, Ctrl-C, {@code issue} and {@code
 * demo}. Checks the printed URI line, the QR code, the JSON lines and the exit codes. Runs in
 * failsafe's integration-test phase, after the package phase built the jar (which sets {@code
 * proxima.jar}); a surefire run that selects it with {@code -Dtest} skips it rather than test a
 * stale jar.
 */
@EnabledIfSystemProperty(named = "proxima.jar", matches = ".+", disabledReason = "runs in failsafe, after the jar is packaged")
class CommandLineIT {

  static final Duration START = Duration.ofSeconds(30);
  static final Duration END = Duration.ofSeconds(60);
  static final String URI_PREFIX = "openid4vp://connect?";

  static String broker() {
    return MosquittoBroker.shared().url();
  }

  static JsonNode json(String line) {
    try {
      return JsonLines.parse(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  record Session(CliProcess verifier, CliProcess wallet, String uri, int verifierExit, int walletExit) {
    JsonNode verifierJson() {
      return json(verifier.lastLine());
    }

    JsonNode walletJson() {
      return json(wallet.lastLine());
    }
  }

  /** Starts the verifier, waits for its URI line, runs the wallet on it, waits for both. */
  static Session session(List<String> verifierArgs, List<String> walletArgs) {
    CliProcess verifier = CliProcess.start(concat(List.of("verifier", "--broker", broker(), "--timeout", "60"), verifierArgs));
    try {
      String uri = verifier.awaitLine(l -> l.startsWith(URI_PREFIX), START);
      try (CliProcess wallet = CliProcess.start(concat(List.of("wallet", "--uri", uri), walletArgs))) {
        int walletExit = wallet.exitCode(END);
        int verifierExit = verifier.exitCode(END);
        return new Session(verifier, wallet, uri, verifierExit, walletExit);
      }
    } finally {
      verifier.close();
    }
  }

  static String[] concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }

  @Test
  void aVerifierAndAWalletInTwoProcessesCompleteASession() {
    Session s = session(List.of(), List.of());

    assertThat(s.walletExit()).as(s.wallet().err()).isEqualTo(ExitCodes.OK);
    assertThat(s.verifierExit()).as(s.verifier().err()).isEqualTo(ExitCodes.OK);
    assertThat(s.verifier().out().get(0)).as("the URI is the first line, on its own").isEqualTo(s.uri());
    assertThat(s.verifier().err()).as("quiet by default: only the hint").isEqualTo("Waiting up to 60 s for a wallet (Ctrl-C cancels).\n");
    assertThat(Engagement.parse(s.uri()).mqtt()).hasValueSatisfying(e -> assertThat(e.brokerUrl().toString()).isEqualTo(broker()));
    assertThat(QrDecoder.decodeTerminal(s.verifier().outText())).as("the QR code in the terminal").isEqualTo(s.uri());

    JsonNode v = s.verifierJson();
    assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(v.get("verified").asBoolean()).as("no --trust: structure only").isFalse();
    assertThat(v.get("transport").asText()).isEqualTo("MQTT");
    assertThat(v.get("session_id").asText()).isEqualTo(Engagement.parse(s.uri()).sessionId().toString());
    assertThat(v.at("/vp_token/pid/0").asText()).as("an SD-JWT with disclosures").contains("~");
    assertThat(v.get("timings").size()).as("CREATED to ACCEPTED").isEqualTo(5);
    JsonNode w = s.walletJson();
    assertThat(w.get("state").asText()).isEqualTo("SUBMITTED");
    assertThat(w.get("presented").toString()).isEqualTo("[\"pid\"]");
    assertThat(w.get("verifier").asText()).startsWith("did:key:");
  }

  @Test
  void aWalletThatRejectsEndsBothProcessesRejected() {
    Session s = session(List.of("--no-qr"), List.of("--reject"));

    assertThat(s.walletExit()).as(s.wallet().err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(s.verifierExit()).as(s.verifier().err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(s.verifier().out()).as("URI line and JSON line").hasSize(2);
    assertThat(s.verifierJson().get("state").asText()).isEqualTo("REJECTED");
    assertThat(s.verifierJson().has("vp_token")).isFalse();
    assertThat(s.walletJson().get("state").asText()).isEqualTo("REJECTED");
    assertThat(s.walletJson().get("rejection_reason").asText()).contains("--reject");
  }

  @Test
  void anIssuedCredentialIsPresentedSelectivelyAndVerified(@TempDir Path dir) {
    Path out = dir.resolve("pid");
    CliProcess issue = CliProcess.start("issue", "--out", out.toString());
    assertThat(issue.exitCode(END)).as(issue.err()).isZero();
    CredentialFiles files = CredentialFiles.in(out);

    Session s = session(List.of("--no-qr", "--trust", files.issuerJwks().toString()),
        List.of("--credential", files.credential().toString(), "--holder-key", files.holderKey().toString()));

    assertThat(s.walletExit()).as(s.wallet().err()).isEqualTo(ExitCodes.OK);
    assertThat(s.verifierExit()).as(s.verifier().err()).isEqualTo(ExitCodes.OK);
    JsonNode v = s.verifierJson();
    assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(v.get("verified").asBoolean()).as("%s", v.get("validation")).isTrue();
    assertThat(v.get("trust").asText()).isEqualTo("issuer keys");
    JsonNode claims = v.at("/disclosed_claims/pid");
    assertThat(claims.get("given_name").asText()).isEqualTo("Erika");
    assertThat(claims.get("family_name").asText()).isEqualTo("Mustermann");
    assertThat(claims.at("/age_equal_or_over/18").asBoolean()).isTrue();
    assertThat(claims.has("birthdate")).as("not asked for, not disclosed").isFalse();
    assertThat(claims.has("address")).as("not asked for, not disclosed").isFalse();
  }

  @Test
  void aCredentialFromAnIssuerTheVerifierDoesNotTrustIsNotVerified(@TempDir Path dir) {
    CredentialFiles held = TestCredentials.pid(SdJwtVcIssuer.generate()).writeTo(dir.resolve("held"));
    CredentialFiles other = TestCredentials.pid(SdJwtVcIssuer.generate()).writeTo(dir.resolve("other"));

    Session s = session(List.of("--no-qr", "--trust", other.issuerJwks().toString()),
        List.of("--credential", held.credential().toString(), "--holder-key", held.holderKey().toString()));

    assertThat(s.walletExit()).as(s.wallet().err()).isEqualTo(ExitCodes.OK);
    assertThat(s.verifierExit()).as("accepted, not verified").isEqualTo(ExitCodes.NOT_VERIFIED);
    JsonNode v = s.verifierJson();
    assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(v.get("verified").asBoolean()).isFalse();
    assertThat(v.has("disclosed_claims")).isFalse();
    assertThat(v.at("/validation/reasons/0/code").asText()).isEqualTo(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.at("/validation/reasons/0/query_id").asText()).isEqualTo("pid");
  }

  @Test
  void ctrlCCancelsTheVerifierWhichStillPrintsItsOutcome() {
    try (CliProcess verifier = CliProcess.start("verifier", "--broker", broker(), "--no-qr")) {
      verifier.awaitLine(l -> l.startsWith(URI_PREFIX), START);

      verifier.signal("INT");

      assertThat(verifier.exitCode(END)).as(verifier.err()).isEqualTo(ExitCodes.CANCELLED);
      JsonNode v = json(verifier.lastLine());
      assertThat(v.get("state").asText()).isEqualTo("CANCELLED");
      assertThat(v.at("/error/type").asText()).isEqualTo("SessionCancelledException");
    }
  }

  @Test
  void theDemoRunsAWholeVerifiedSessionAndExitsByItself() {
    try (CliProcess demo = CliProcess.start("demo", "--json")) {
      assertThat(demo.exitCode(END)).as(demo.err()).isEqualTo(ExitCodes.OK);
      assertThat(demo.err()).as("quiet by default").isEmpty();
      String text = demo.outText();
      String uri = demo.out().stream().filter(l -> l.startsWith(URI_PREFIX)).findFirst().orElseThrow();
      assertThat(QrDecoder.decodeTerminal(text)).isEqualTo(uri);
      assertThat(text).contains("embedded Moquette at mqtt://127.0.0.1:");
      for (String state : List.of("CREATED", "ENGAGED", "CONNECTED", "REQUESTED", "ACCEPTED")) {
        assertThat(text).containsPattern("\\d+\\.\\d  verifier  " + state);
      }
      for (String state : List.of("CREATED", "CONNECTING", "IDENTIFIED", "REQUEST_RECEIVED", "SUBMITTED")) {
        assertThat(text).containsPattern("\\d+\\.\\d  wallet    " + state);
      }
      assertThat(text).contains("verified    yes", "given_name         Erika", "withheld    birthdate, address, nationalities");
      JsonNode v = json(demo.lastLine());
      assertThat(v.get("state").asText()).isEqualTo("ACCEPTED");
      assertThat(v.get("verified").asBoolean()).isTrue();
      assertThat(v.at("/disclosed_claims/pid/family_name").asText()).isEqualTo("Mustermann");
    }
  }

  @Test
  void theDemoWithAWalletThatDeclinesExitsRejectedAndLogsWithVerbose() {
    try (CliProcess demo = CliProcess.start("demo", "--reject", "--no-qr", "-v")) {
      assertThat(demo.exitCode(END)).as(demo.err()).isEqualTo(ExitCodes.REJECTED);
      assertThat(demo.outText()).contains("verifier    REJECTED", "wallet      REJECTED");
      assertThat(demo.err()).as("-v: debug logs of Proxima on standard error").contains(" DEBUG ", "DemoCommand - demo: verifier ended REJECTED, wallet ended REJECTED");
    }
  }
}
