package io.proxima.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.cli.support.JsonLines;
import io.proxima.engagement.Engagement;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import io.proxima.testing.MosquittoBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 end to end over a real mosquitto: the wallet presents a real SD-JWT VC with selective
 * disclosure and key binding; the verifier verifies it against its trusted issuer keys, or says
 * why not.
 */
class CredentialsOverMosquittoTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final RequestSigner SIGNER = RequestSigner.generate();

  static MqttGateway gateway;

  final SdJwtVcIssuer issuer = SdJwtVcIssuer.generate();
  final IssuedCredential pid = TestCredentials.pid(issuer);

  @BeforeAll
  static void connect() {
    gateway = MqttTransport.create().broker(MosquittoBroker.shared().url()).connect().block(WAIT);
  }

  @AfterAll
  static void disconnect() {
    gateway.close().block(WAIT);
  }

  record Run(VerifierOutcome verifier, WalletOutcome wallet) {}

  Run run(IssuerTrust trust) {
    Verifier verifier = Verifier.create(SIGNER).transport(gateway).validator(SdJwtVcValidator.create(trust).registry());
    VerifierSession session = verifier.session(namesAndLocality());
    Engagement engagement = session.engagement().block(WAIT);
    WalletOutcome w = Wallet.create(SdJwtPresenter.of(pid.held())).transport(MqttTransport.create()).session(engagement).result().block(WAIT);
    return new Run(session.result().block(WAIT), w);
  }

  static PresentationQuery namesAndLocality() {
    return PresentationQuery.of(DcqlQuery.of(CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT,
        ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name"), ClaimsQuery.at("address", "locality"))));
  }

  @Test
  void aRealCredentialIsPresentedOverMosquittoAndVerified() {
    Run run = run(IssuerTrust.of(issuer.publicJwks()));

    assertThat(run.wallet().state()).as(run.wallet().toString()).isEqualTo(WalletState.SUBMITTED);
    assertThat(run.verifier().state()).as(run.verifier().toString()).isEqualTo(VerifierState.ACCEPTED);
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).as("reasons %s", validation.reasons()).isTrue();
    assertThat(validation.reasons()).isEmpty();
    JsonNode claims = validation.disclosedClaims().get("pid");
    assertThat(claims.get("given_name").asText()).isEqualTo("Erika");
    assertThat(claims.get("family_name").asText()).isEqualTo("Mustermann");
    assertThat(claims.at("/address/locality").asText()).isEqualTo("Köln");
    assertThat(claims.at("/address/street_address").isMissingNode()).as("not asked for, not disclosed").isTrue();
    assertThat(claims.has("birthdate")).as("not asked for, not disclosed").isFalse();
    assertThat(claims.has("nationalities")).as("not asked for, not disclosed").isFalse();
    // The key-bound presentation went over the broker: an SD-JWT with a KB-JWT after the last '~'.
    String presented = run.verifier().submission().vpToken().get("pid").get(0).asText();
    assertThat(presented.substring(presented.lastIndexOf('~') + 1)).as("KB-JWT").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

    ObjectNode line = JsonLines.verifier(run.verifier(), true);
    assertThat(line.get("verified").asBoolean()).isTrue();
    assertThat(line.at("/disclosed_claims/pid/given_name").asText()).isEqualTo("Erika");
  }

  @Test
  void aCredentialFromAnUntrustedIssuerIsNotVerifiedAndTheReasonSaysSo() {
    SdJwtVcIssuer trustedOne = SdJwtVcIssuer.generate();

    Run run = run(IssuerTrust.of(trustedOne.publicJwks()));

    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(run.verifier().state()).as("the session itself succeeded").isEqualTo(VerifierState.ACCEPTED);
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).isFalse();
    assertThat(validation.reasons()).extracting(ValidationReason::code).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(validation.reasons().get(0).queryId()).isEqualTo("pid");
    assertThat(validation.disclosedClaims()).as("nothing unverified is reported as disclosed").isEmpty();

    ObjectNode line = JsonLines.verifier(run.verifier(), true);
    assertThat(line.get("verified").asBoolean()).isFalse();
    assertThat(line.has("disclosed_claims")).isFalse();
    assertThat(line.at("/validation/reasons/0/code").asText()).isEqualTo(SdJwtReasons.ISSUER_UNTRUSTED);
  }
}
