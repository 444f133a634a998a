package io.proxima.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
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
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Full OID4VP sessions over the in-memory transport with real credentials: the flow's verifier
 * with the SD-JWT VC validator, the flow's wallet with the SD-JWT presenter, in real time on
 * Reactor's schedulers (no fixed clock here: the session's request and the KB-JWT use the wall
 * clock, as in production).
 */
class EndToEndSessionTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final RequestSigner SIGNER = RequestSigner.generate();

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);
  final SdJwtVcIssuer issuer = SdJwtVcIssuer.generate();

  @AfterEach
  void nothingLeaks() {
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
  }

  record Run(VerifierOutcome verifier, WalletOutcome wallet) {}

  static Run run(Verifier verifier, Wallet wallet, PresentationQuery query) {
    VerifierSession vs = verifier.session(query);
    Engagement engagement = vs.engagement().block(WAIT);
    WalletOutcome w = wallet.session(engagement).result().block(WAIT);
    VerifierOutcome v = vs.result().block(WAIT);
    return new Run(v, w);
  }

  static PresentationQuery namesQuery() {
    return PresentationQuery.of(DcqlQuery.of(CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT,
        ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name"), ClaimsQuery.at("address", "locality"))));
  }

  Verifier verifierTrusting(IssuerTrust trust, InMemoryTransport transport) {
    return Verifier.create(SIGNER).transport(transport).validator(SdJwtVcValidator.create(trust).registry());
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void aRealCredentialIsPresentedAndVerified(TransportType type) {
    InMemoryTransport transport = type == TransportType.MQTT ? mqtt : ble;
    IssuedCredential pid = TestCredentials.pid(issuer);

    Run run = run(verifierTrusting(IssuerTrust.of(issuer.publicJwks()), transport),
        Wallet.create(SdJwtPresenter.of(pid.held())).transport(transport), namesQuery());

    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(run.verifier().state()).as("failure %s", String.valueOf(run.verifier().failure())).isEqualTo(VerifierState.ACCEPTED);
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).as("reasons %s", validation.reasons()).isTrue();
    assertThat(validation.reasons()).isEmpty();
    JsonNode claims = validation.disclosedClaims().get("pid");
    assertThat(claims.get("given_name").asText()).isEqualTo("Erika");
    assertThat(claims.get("family_name").asText()).isEqualTo("Mustermann");
    assertThat(claims.at("/address/locality").asText()).isEqualTo("Köln");
    assertThat(claims.at("/address/street_address").isMissingNode()).as("not requested").isTrue();
    assertThat(claims.has("birthdate")).as("not requested").isFalse();
    assertThat(claims.has("nationalities")).as("not requested").isFalse();
    assertThat(run.verifier().toJson().at("/validation/verified").asBoolean()).isTrue();
  }

  @Test
  void aCredentialFromAnUntrustedIssuerIsNotVerifiedAndSaysWhy() {
    IssuedCredential pid = TestCredentials.pid(issuer);
    SdJwtVcIssuer trustedOne = SdJwtVcIssuer.generate();

    Run run = run(verifierTrusting(IssuerTrust.of(trustedOne.publicJwks()), mqtt), Wallet.create(SdJwtPresenter.of(pid.held())).transport(mqtt),
        namesQuery());

    assertThat(run.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    assertThat(run.verifier().state()).as("failure %s", String.valueOf(run.verifier().failure())).isEqualTo(VerifierState.ACCEPTED);
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).isFalse();
    assertThat(validation.reasons()).extracting(ValidationReason::code).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(validation.reasons().get(0).queryId()).isEqualTo("pid");
    assertThat(validation.disclosedClaims()).isEmpty();
    assertThat(validation.note()).contains(SdJwtReasons.ISSUER_UNTRUSTED);
  }

  @Test
  void credentialAndTrustFromFilesWorkLikeTheCommandLineWill(@TempDir Path dir) {
    CredentialFiles files = TestCredentials.pid(issuer).writeTo(dir);
    HeldCredential held = files.loadCredential();
    IssuerTrust trust = files.loadTrust();

    Run run = run(verifierTrusting(trust, mqtt), Wallet.create(SdJwtPresenter.of(held)).transport(mqtt), namesQuery());

    assertThat(run.verifier().validation().verified()).isTrue();
  }

  @Test
  void aV1WalletPresentsAgainstTheDerivedDefinitionAndIsVerified() {
    IssuedCredential pid = TestCredentials.pid(issuer);

    Run run = run(verifierTrusting(IssuerTrust.of(issuer.publicJwks()), mqtt),
        Wallet.create(SdJwtPresenter.of(pid.held())).transport(mqtt).version(IdentifyVersion.V1), namesQuery());

    assertThat(run.verifier().version()).isEqualTo(IdentifyVersion.V1);
    ValidationOutcome validation = run.verifier().validation();
    assertThat(validation.verified()).as("reasons %s", validation.reasons()).isTrue();
    assertThat(validation.disclosedClaims().get("pid").get("family_name").asText()).isEqualTo("Mustermann");
  }

  @Test
  void aWalletWithoutAMatchingCredentialRejectsWithAClearReason() {
    IssuedCredential pid = TestCredentials.pid(issuer);
    PresentationQuery mdl = PresentationQuery.of(DcqlQuery.of(CredentialQuery.sdJwt("mdl", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"))));

    Run run = run(verifierTrusting(IssuerTrust.of(issuer.publicJwks()), mqtt), Wallet.create(SdJwtPresenter.of(pid.held())).transport(mqtt), mdl);

    assertThat(run.wallet().state()).isEqualTo(WalletState.REJECTED);
    assertThat(run.wallet().decision()).isInstanceOfSatisfying(PresentationDecision.Reject.class,
        r -> assertThat(r.reason()).isEqualTo("credential query mdl: no credential of type urn:eudi:mdl:1"));
    assertThat(run.verifier().state()).isEqualTo(VerifierState.REJECTED);
  }

  @Test
  void aDidIssuerOnTheTrustListIsVerifiedEndToEnd() {
    SdJwtVcIssuer didIssuer = SdJwtVcIssuer.generateDid(SigningKeyType.ED25519, DidMethod.JWK);
    IssuedCredential pid = TestCredentials.pid(didIssuer);

    Run run = run(verifierTrusting(IssuerTrust.none().withDids(List.of(didIssuer.issuer())), ble),
        Wallet.create(SdJwtPresenter.of(pid.held())).transport(ble), namesQuery());

    assertThat(run.verifier().validation().verified()).isTrue();
    assertThat(run.verifier().validation().note()).contains("did");
  }
}
