package io.proxima.sdjwt.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.validation.PresentationContext;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.Issuance;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.testing.Fixtures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The status claim (offline by default, or a resolver) and the validator's outcome for the flow. */
class StatusAndOutcomeTest {

  final SdJwtVcIssuer issuer = Fixtures.issuer();
  final CredentialQuery query = Fixtures.namesQuery();
  final JsonNode statusClaim = Fixtures.object("{\"status_list\": {\"idx\": 412, \"uri\": \"https://status.example/lists/1\"}}");
  final JWK holder = Fixtures.holderKey();
  final IssuedCredential withStatus = withHolderKey(
      issuer.issue(Issuance.of(TestCredentials.PID_VCT, TestCredentials.pidClaims(), holder.toPublicJWK()).withStatus(statusClaim)));

  IssuedCredential withHolderKey(IssuedCredential c) {
    return new IssuedCredential(c.sdJwt(), holder, c.issuerJwks(), c.issuer(), c.vct());
  }

  @Test
  void withoutAResolverAStatusIsReportedNotCheckedAndTheCredentialVerifies() {
    SdJwtVerification v = Fixtures.verify(Fixtures.validator(issuer), Fixtures.present(withStatus, query), query);
    assertThat(v.verified()).isTrue();
    assertThat(v.codes()).containsExactly(SdJwtReasons.STATUS_NOT_CHECKED);
    assertThat(SdJwtReasons.isInformational(SdJwtReasons.STATUS_NOT_CHECKED)).isTrue();
  }

  @Test
  void aCredentialWithoutStatusHasNoStatusReason() {
    SdJwtVerification v = Fixtures.verify(Fixtures.validator(issuer), Fixtures.present(Fixtures.pid(issuer), query), query);
    assertThat(v.codes()).isEmpty();
  }

  @Test
  void aResolverSeesTheStatusClaimAndAValidStatusVerifies() {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    StatusResolver resolver = (status, vct, iss) -> {
      seen.set(status);
      return Mono.just(CredentialStatus.valid("index 412 valid"));
    };
    SdJwtVerification v = Fixtures.verify(Fixtures.validator(issuer).statusResolver(resolver), Fixtures.present(withStatus, query), query);
    assertThat(v.verified()).isTrue();
    assertThat(v.codes()).containsExactly(SdJwtReasons.STATUS_VALID);
    assertThat(seen.get()).isEqualTo(statusClaim);
  }

  @Test
  void aRevokedOrSuspendedCredentialIsNotVerified() {
    for (CredentialStatus status : List.of(CredentialStatus.revoked("index 412"), CredentialStatus.suspended("index 412"))) {
      SdJwtVerification v = Fixtures.verify(Fixtures.validator(issuer).statusResolver((s, vct, iss) -> Mono.just(status)),
          Fixtures.present(withStatus, query), query);
      assertThat(v.verified()).isFalse();
      assertThat(v.codes()).containsExactly(SdJwtReasons.STATUS_INVALID);
      assertThat(v.claims()).isNull();
    }
  }

  @Test
  void aFailingOrSilentResolverMakesTheStatusUnavailable() {
    for (StatusResolver r : List.<StatusResolver>of(
        (s, vct, iss) -> Mono.error(new IllegalStateException("list server down")),
        (s, vct, iss) -> Mono.empty(),
        (s, vct, iss) -> Mono.just(CredentialStatus.unknown("index out of range")))) {
      SdJwtVerification v = Fixtures.verify(Fixtures.validator(issuer).statusResolver(r), Fixtures.present(withStatus, query), query);
      assertThat(v.codes()).containsExactly(SdJwtReasons.STATUS_UNAVAILABLE);
      assertThat(v.verified()).isFalse();
    }
  }

  @Test
  void aResolverThatNeverAnswersTimesOutInVirtualTime() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    SdJwtVcValidator validator = Fixtures.validator(issuer).statusResolver((s, vct, iss) -> Mono.never())
        .statusTimeout(Duration.ofSeconds(3)).scheduler(vts);
    String presentation = Fixtures.present(withStatus, query);

    StepVerifier.withVirtualTime(() -> validator.verify(presentation, query, Fixtures.CLIENT_ID, Fixtures.NONCE), () -> vts, 1)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(2999))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(v -> assertThat(v.codes()).containsExactly(SdJwtReasons.STATUS_UNAVAILABLE))
        .expectComplete()
        .verify(Fixtures.WAIT);
  }

  // The outcome for the flow.

  PresentationContext context(DcqlQuery dcql, Map<String, List<JsonNode>> token) {
    Map<String, String> formats = new LinkedHashMap<>();
    dcql.credentials().forEach(c -> formats.put(c.id(), c.format()));
    return new PresentationContext(SessionId.random(), TransportType.MQTT, IdentifyVersion.V2, Fixtures.CLIENT_ID, Fixtures.NONCE,
        "did:key:zDnaeTestVerifier", dcql, null, token, formats, null);
  }

  @Test
  void theRegistryOutcomeCarriesVerifiedTheDisclosedClaimsAndInformationalReasons() {
    String p = Fixtures.present(withStatus, query);
    ValidationOutcome o = Fixtures.validator(issuer).registry()
        .validate(context(DcqlQuery.of(query), Map.of("pid", List.of(TextNode.valueOf(p))))).block(Fixtures.WAIT);

    assertThat(o.verified()).isTrue();
    assertThat(o.reasons()).extracting(ValidationReason::code).containsExactly(SdJwtReasons.STATUS_NOT_CHECKED);
    assertThat(o.reasons().get(0).queryId()).isEqualTo("pid");
    JsonNode claims = o.disclosedClaims().get("pid");
    assertThat(claims.get("given_name").asText()).isEqualTo("Erika");
    assertThat(claims.has("birthdate")).isFalse();
    assertThat(o.note()).contains("verified").contains("jwks");
  }

  @Test
  void aFailedPresentationMakesTheWholeOutcomeUnverifiedWithoutClaims() {
    CredentialQuery second = CredentialQuery.sdJwt("pid2", TestCredentials.PID_VCT, ClaimsQuery.at("birthdate"));
    DcqlQuery dcql = DcqlQuery.of(query, second);
    String good = Fixtures.present(withStatus, query);
    String untrusted = Fixtures.present(Fixtures.pid(Fixtures.issuer()), second);
    ValidationOutcome o = Fixtures.validator(issuer).registry()
        .validate(context(dcql, Map.of("pid", List.of(TextNode.valueOf(good)), "pid2", List.of(TextNode.valueOf(untrusted)))))
        .block(Fixtures.WAIT);

    assertThat(o.verified()).isFalse();
    assertThat(o.disclosedClaims()).isEmpty();
    assertThat(o.reasons()).anySatisfy(r -> {
      assertThat(r.code()).isEqualTo(SdJwtReasons.ISSUER_UNTRUSTED);
      assertThat(r.queryId()).isEqualTo("pid2");
    });
  }

  @Test
  void aQueryAllowingMultipleGetsAnArrayOfClaims() {
    CredentialQuery multiple = query.withMultiple(true);
    String a = Fixtures.present(Fixtures.pid(issuer), multiple);
    String b = Fixtures.present(Fixtures.pid(issuer), multiple);
    ValidationOutcome o = Fixtures.validator(issuer).registry()
        .validate(context(DcqlQuery.of(multiple), Map.of("pid", List.of(TextNode.valueOf(a), TextNode.valueOf(b))))).block(Fixtures.WAIT);

    assertThat(o.verified()).isTrue();
    assertThat(o.disclosedClaims().get("pid").isArray()).isTrue();
    assertThat(o.disclosedClaims().get("pid")).hasSize(2);
  }

  @Test
  void aPresentationThatIsNotAStringIsMalformed() {
    ValidationOutcome o = Fixtures.validator(issuer)
        .validate(context(DcqlQuery.of(query), Map.of("pid", List.of(Fixtures.object("{\"a\": 1}"))))).block(Fixtures.WAIT);
    assertThat(o.verified()).isFalse();
    assertThat(o.reasons()).extracting(ValidationReason::code).containsExactly(SdJwtReasons.MALFORMED);
  }

  @Test
  void theValidatorIsRegisteredForBothFormatIdentifiers() {
    assertThat(Fixtures.validator(issuer).registry().formats()).containsExactlyInAnyOrder(SdJwtVc.FORMAT, SdJwtVc.LEGACY_FORMAT);
  }

  @Test
  void aLegacyFormatQueryIsVerifiedToo() {
    CredentialQuery legacy = new CredentialQuery("pid", SdJwtVc.LEGACY_FORMAT, null, query.meta(), query.claims(), null, null, null);
    String p = Fixtures.present(Fixtures.pid(issuer), legacy);
    ValidationOutcome o = Fixtures.validator(issuer).registry()
        .validate(context(DcqlQuery.of(legacy), Map.of("pid", List.of(TextNode.valueOf(p))))).block(Fixtures.WAIT);
    assertThat(o.verified()).isTrue();
  }
}
