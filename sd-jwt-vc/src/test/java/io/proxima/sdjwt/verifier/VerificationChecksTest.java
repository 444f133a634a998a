package io.proxima.sdjwt.verifier;

import static io.proxima.sdjwt.testing.Fixtures.CLIENT_ID;
import static io.proxima.sdjwt.testing.Fixtures.NONCE;
import static io.proxima.sdjwt.testing.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.Signatures;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.Issuance;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.Tamper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One negative test per check of the verifier: starting from a presentation that verifies,
 * change exactly one thing and expect exactly that check's reason code (and nothing else).
 */
class VerificationChecksTest {

  final SdJwtVcIssuer issuer = Fixtures.issuer();
  final IssuedCredential pid = Fixtures.pid(issuer);
  final JWK holder = pid.holderKey();
  final CredentialQuery query = Fixtures.namesQuery();
  final SdJwtVcValidator validator = Fixtures.validator(issuer);
  /** The wallet's presentation for the query: issuer JWT, given_name and family_name disclosures, KB-JWT. */
  final String good = Fixtures.present(pid, query);
  final String issuerJwt = Tamper.issuerJwt(good);
  final List<String> disclosures = Tamper.disclosures(good);

  SdJwtVerification verify(String presentation) {
    return Fixtures.verify(validator, presentation, query);
  }

  void assertOnly(String presentation, String code) {
    SdJwtVerification v = verify(presentation);
    assertThat(v.verified()).as("verified").isFalse();
    assertThat(v.codes()).containsExactly(code);
    assertThat(v.claims()).isNull();
  }

  /** The SD-JWT with the given issuer JWT and disclosures, bound correctly. */
  String rebuild(String jwt, List<String> ds) {
    return Tamper.bind(Tamper.sdJwt(jwt, ds), holder);
  }

  @Test
  void theUntamperedPresentationVerifies() {
    SdJwtVerification v = verify(good);

    assertThat(v.verified()).isTrue();
    assertThat(v.codes()).isEmpty();
    assertThat(v.claim("/given_name").asText()).isEqualTo("Erika");
    assertThat(v.claim("/family_name").asText()).isEqualTo("Mustermann");
    assertThat(v.claim("/birthdate").isMissingNode()).as("not requested, not disclosed").isTrue();
    assertThat(v.claim("/vct").asText()).isEqualTo(TestCredentials.PID_VCT);
    assertThat(v.trustSource()).isEqualTo("jwks");
    assertThat(v.issuer()).isEqualTo(SdJwtVcIssuer.DEFAULT_ISSUER);
    assertThat(disclosures).hasSize(2);
  }

  @Test
  void rebuildingTheSamePartsStillVerifies() {
    assertThat(verify(rebuild(issuerJwt, disclosures)).verified()).isTrue();
  }

  // Before the checks.

  @Test
  void notAnSdJwtIsMalformed() {
    assertOnly(issuerJwt, SdJwtReasons.MALFORMED);
  }

  @Test
  void anIssuerJwtWithAPayloadThatIsNotAnObjectIsMalformed() {
    String[] p = issuerJwt.split("\\.");
    assertOnly(rebuild(p[0] + "." + Fixtures.base64url("[1,2]") + "." + p[2], disclosures), SdJwtReasons.MALFORMED);
  }

  @Test
  void withoutADcqlQueryNothingCanBeCheckedAgainstIt() {
    SdJwtVerification v = validator.verify(good, null, CLIENT_ID, NONCE).block(Fixtures.WAIT);
    assertThat(v.codes()).containsExactly(SdJwtReasons.QUERY_NOT_DCQL);
  }

  // Check 1: issuer signature.

  @Test
  void anIssuerThatIsNotTrustedIsRejected() {
    SdJwtVcValidator other = SdJwtVcValidator.create(IssuerTrust.of(Fixtures.issuer().publicJwks())).clock(Fixtures.CLOCK);
    SdJwtVerification v = Fixtures.verify(other, good, query);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.reasons().get(0).detail()).contains("kid");
  }

  @Test
  void aVerifierTrustingNobodyRejectsWithIssuerUntrusted() {
    SdJwtVerification v = Fixtures.verify(SdJwtVcValidator.create(IssuerTrust.none()).clock(Fixtures.CLOCK), good, query);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
  }

  @Test
  void aChangedPayloadBreaksTheIssuerSignature() {
    String swapped = Tamper.swapPayload(issuerJwt, p -> p.put("iss", "https://evil.example"));
    assertOnly(rebuild(swapped, disclosures), SdJwtReasons.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void aSignatureFromAnotherKeyWithTheTrustedKidIsInvalid() {
    SdJwtVcIssuer impostor = SdJwtVcIssuer.of(Fixtures.holderKey(), SdJwtVcIssuer.DEFAULT_ISSUER).withClock(Fixtures.CLOCK);
    String forged = Tamper.swapPayload(impostor.sign(Tamper.payload(issuerJwt)), p -> {});
    String[] f = forged.split("\\.");
    String[] o = issuerJwt.split("\\.");
    assertOnly(rebuild(o[0] + "." + f[1] + "." + f[2], disclosures), SdJwtReasons.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void anUnsignedOrHmacIssuerJwtIsNotAllowed() {
    String[] p = issuerJwt.split("\\.");
    String hs256 = Fixtures.base64url("{\"alg\":\"HS256\",\"typ\":\"dc+sd-jwt\"}");
    assertOnly(rebuild(hs256 + "." + p[1] + "." + p[2], disclosures), SdJwtReasons.ALGORITHM_NOT_ALLOWED);
  }

  // Check 2: type, vct, validity period.

  @Test
  void anotherTypIsRejected() {
    String jwt = Tamper.resign(issuer.withType("JWT"), issuerJwt, p -> {});
    assertOnly(rebuild(jwt, disclosures), SdJwtReasons.TYPE_INVALID);
  }

  @Test
  void theLegacyTypIsAccepted() {
    String jwt = Tamper.resign(issuer.withType("vc+sd-jwt"), issuerJwt, p -> {});
    assertThat(verify(rebuild(jwt, disclosures)).verified()).isTrue();
  }

  @Test
  void aVctOutsideTheQueryIsRejected() {
    CredentialQuery mdl = CredentialQuery.sdJwt("pid", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"));
    SdJwtVerification v = Fixtures.verify(validator, good, mdl);
    assertThat(v.codes()).containsExactly(SdJwtReasons.VCT_MISMATCH);
  }

  @Test
  void aCredentialWithoutVctIsRejected() {
    assertOnly(rebuild(Tamper.resign(issuer, issuerJwt, p -> p.remove("vct")), disclosures), SdJwtReasons.VCT_MISMATCH);
  }

  @Test
  void anExpiredCredentialIsRejectedBeyondTheSkewOnly() {
    long exp = Tamper.payload(issuerJwt).get("exp").asLong();
    SdJwtVcValidator later = validator.clock(Clock.fixed(Instant.ofEpochSecond(exp).plusSeconds(59), ZoneOffset.UTC))
        .keyBindingMaxAge(Duration.ofDays(400));
    assertThat(Fixtures.verify(later, good, query).verified()).as("within the 60 s skew").isTrue();
    SdJwtVcValidator expired = later.clock(Clock.fixed(Instant.ofEpochSecond(exp).plusSeconds(60), ZoneOffset.UTC));
    assertThat(Fixtures.verify(expired, good, query).codes()).containsExactly(SdJwtReasons.EXPIRED);
  }

  @Test
  void aCredentialNotYetValidIsRejected() {
    String jwt = Tamper.resign(issuer, issuerJwt, p -> p.put("nbf", NOW.plusSeconds(3600).getEpochSecond()));
    assertOnly(rebuild(jwt, disclosures), SdJwtReasons.NOT_YET_VALID);
  }

  @Test
  void aCredentialIssuedInTheFutureIsRejected() {
    String jwt = Tamper.resign(issuer, issuerJwt, p -> p.put("iat", NOW.plusSeconds(120).getEpochSecond()));
    assertOnly(rebuild(jwt, disclosures), SdJwtReasons.ISSUED_IN_FUTURE);
  }

  @Test
  void theClockSkewIsConfigurable() {
    String jwt = Tamper.resign(issuer, issuerJwt, p -> p.put("iat", NOW.plusSeconds(120).getEpochSecond()));
    SdJwtVerification v = Fixtures.verify(validator.clockSkew(Duration.ofMinutes(3)), rebuild(jwt, disclosures), query);
    assertThat(v.verified()).isTrue();
  }

  // Check 3: disclosures.

  @Test
  void anotherSdAlgIsRejected() {
    assertOnly(rebuild(Tamper.resign(issuer, issuerJwt, p -> p.put("_sd_alg", "sha-512")), disclosures), SdJwtReasons.SD_ALG_UNSUPPORTED);
  }

  @Test
  void aDisclosureThatIsNotADisclosureIsMalformed() {
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(Fixtures.base64url("{\"not\": \"an array\"}"));
    assertOnly(rebuild(issuerJwt, ds), SdJwtReasons.DISCLOSURE_MALFORMED);
  }

  @Test
  void anSdClaimThatIsNotAnArrayIsMalformed() {
    assertOnly(rebuild(Tamper.resign(issuer, issuerJwt, p -> p.put("_sd", "digest")), List.of()), SdJwtReasons.DISCLOSURE_MALFORMED);
  }

  @Test
  void theSameDisclosureTwiceIsADuplicateDigest() {
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(ds.get(0));
    assertOnly(rebuild(issuerJwt, ds), SdJwtReasons.DIGEST_DUPLICATE);
  }

  @Test
  void aDigestThatOccursTwiceInThePayloadIsRejected() {
    String jwt = Tamper.resign(issuer, issuerJwt, p -> {
      String first = p.get("_sd").get(0).asText();
      p.putObject("extra").putArray("_sd").add(first);
    });
    assertOnly(rebuild(jwt, disclosures), SdJwtReasons.DIGEST_DUPLICATE);
  }

  @Test
  void aDisclosureOfAnotherCredentialMatchesNothing() {
    String foreign = Tamper.disclosures(Fixtures.present(Fixtures.pid(issuer), query)).get(0);
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(foreign);
    assertOnly(rebuild(issuerJwt, ds), SdJwtReasons.DISCLOSURE_UNREFERENCED);
  }

  @Test
  void anArrayElementDisclosureReferencedFromSdIsMisplaced() {
    String element = Tamper.elementDisclosure("c2FsdHNhbHRzYWx0c2FsdA", "\"DE\"");
    String jwt = Tamper.resign(issuer, issuerJwt, p -> ((ArrayNode) p.get("_sd")).add(Fixtures.sha256(element)));
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(element);
    assertOnly(rebuild(jwt, ds), SdJwtReasons.DISCLOSURE_MISPLACED);
  }

  @Test
  void aClaimDisclosureReferencedFromAnArrayIsMisplaced() {
    String claim = Tamper.disclosure("c2FsdHNhbHRzYWx0c2FsdA", "nickname", "\"Eri\"");
    String jwt = Tamper.resign(issuer, issuerJwt, p -> p.putArray("aliases").addObject().put("...", Fixtures.sha256(claim)));
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(claim);
    assertOnly(rebuild(jwt, ds), SdJwtReasons.DISCLOSURE_MISPLACED);
  }

  @Test
  void aDisclosedClaimThatAlreadyExistsIsAConflict() {
    String jwt = Tamper.resign(issuer, issuerJwt, p -> p.put("given_name", "Plain"));
    assertOnly(rebuild(jwt, disclosures), SdJwtReasons.CLAIM_NAME_CONFLICT);
  }

  @Test
  void aSelectivelyDisclosedStatusIsRejected() {
    String status = Tamper.disclosure("c2FsdHNhbHRzYWx0c2FsdA", "status", "{\"status_list\": {\"idx\": 1, \"uri\": \"https://s.example\"}}");
    String jwt = Tamper.resign(issuer, issuerJwt, p -> ((ArrayNode) p.get("_sd")).add(Fixtures.sha256(status)));
    List<String> ds = new ArrayList<>(disclosures);
    ds.add(status);
    assertOnly(rebuild(jwt, ds), SdJwtReasons.PROTECTED_CLAIM_DISCLOSED);
  }

  // Check 4: the Key Binding JWT.

  @Test
  void withoutKeyBindingJwtHolderBindingFails() {
    assertOnly(Tamper.sdJwt(issuerJwt, disclosures), SdJwtReasons.KB_MISSING);
  }

  @Test
  void withoutKeyBindingJwtButNotRequiredItVerifies() {
    CredentialQuery unbound = new CredentialQuery("pid", query.format(), null, query.meta(), query.claims(), null, null, false);
    assertThat(Fixtures.verify(validator, Tamper.sdJwt(issuerJwt, disclosures), unbound).verified()).isTrue();
  }

  @Test
  void aCredentialWithoutCnfCannotBeKeyBound() {
    IssuedCredential unbound = issuer.issue(Issuance.of(TestCredentials.PID_VCT, TestCredentials.pidClaims(), holder.toPublicJWK()).withoutHolderBinding());
    List<String> all = Tamper.disclosures(unbound.sdJwt());
    List<String> names = all.stream().filter(d -> {
      String json = Fixtures.fromBase64url(d);
      return json.contains("\"given_name\"") || json.contains("\"family_name\"");
    }).toList();
    assertOnly(rebuild(Tamper.issuerJwt(unbound.sdJwt()), names), SdJwtReasons.HOLDER_KEY_MISSING);
  }

  @Test
  void aKeyBindingJwtThatIsNotAJwsIsMalformed() {
    assertOnly(Tamper.sdJwt(issuerJwt, disclosures) + "not-a-jws", SdJwtReasons.KB_MALFORMED);
  }

  @Test
  void aKeyBindingJwtOfAnotherTypeIsRejected() {
    String sdJwt = Tamper.sdJwt(issuerJwt, disclosures);
    String kb = Signatures.sign(
        Signatures.header(holder, "JWT").build(),
        Json.text(Tamper.kbPayload(sdJwt)).getBytes(StandardCharsets.UTF_8), holder);
    assertOnly(sdJwt + kb, SdJwtReasons.KB_TYPE_INVALID);
  }

  @Test
  void aKeyBindingJwtSignedByAnotherKeyIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), Fixtures.holderKey()), SdJwtReasons.KB_SIGNATURE_INVALID);
  }

  @Test
  void aKeyBindingJwtForAnotherVerifierIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.put("aud", "decentralized_identifier:did:key:zOther")),
        SdJwtReasons.KB_AUDIENCE_MISMATCH);
  }

  @Test
  void aKeyBindingJwtWithAnAudienceArrayIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.putArray("aud").add(CLIENT_ID)),
        SdJwtReasons.KB_AUDIENCE_MISMATCH);
  }

  @Test
  void aKeyBindingJwtForAnotherRequestIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.put("nonce", "another-nonce")),
        SdJwtReasons.KB_NONCE_MISMATCH);
  }

  @Test
  void aStaleKeyBindingJwtIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.put("iat", NOW.minusSeconds(6 * 60 + 1).getEpochSecond())),
        SdJwtReasons.KB_IAT_INVALID);
  }

  @Test
  void aKeyBindingJwtFromTheFutureIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.put("iat", NOW.plusSeconds(61).getEpochSecond())),
        SdJwtReasons.KB_IAT_INVALID);
  }

  @Test
  void aKeyBindingJwtWithoutIatIsRejected() {
    assertOnly(Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.remove("iat")), SdJwtReasons.KB_IAT_INVALID);
  }

  @Test
  void aKeyBindingJwtOverOtherDisclosuresHasTheWrongSdHash() {
    String withOne = Tamper.sdJwt(issuerJwt, disclosures.subList(0, 1));
    String kbOverBoth = Tamper.keyBindingJwt(good);
    assertOnly(withOne + kbOverBoth, SdJwtReasons.KB_SD_HASH_MISMATCH);
  }

  @Test
  void reorderedDisclosuresChangeTheSdHash() {
    List<String> reversed = new ArrayList<>(disclosures);
    Collections.reverse(reversed);
    assertOnly(Tamper.sdJwt(issuerJwt, reversed) + Tamper.keyBindingJwt(good), SdJwtReasons.KB_SD_HASH_MISMATCH);
  }

  // Check 5: the query.

  @Test
  void aPresentationWithoutARequestedClaimDoesNotSatisfyTheQuery() {
    assertOnly(rebuild(issuerJwt, disclosures.subList(0, 1)), SdJwtReasons.CLAIMS_UNSATISFIED);
  }

  @Test
  void aClaimWithAnotherValueThanRequestedDoesNotSatisfyTheQuery() {
    CredentialQuery max = Fixtures.pidQuery(new ClaimsQuery(null, ClaimsQuery.at("given_name").path(),
        List.of(TextNode.valueOf("Max")), null));
    SdJwtVerification v = Fixtures.verify(validator, good, max);
    assertThat(v.codes()).containsExactly(SdJwtReasons.CLAIMS_UNSATISFIED);
    assertThat(v.reasons().get(0).detail()).contains("given_name").doesNotContain("Erika");
  }

  @Test
  void reasonDetailsNeverContainTheNonceOrClaimValues() {
    SdJwtVerification v = Fixtures.verify(validator, Tamper.bind(Tamper.sdJwt(issuerJwt, disclosures), holder, p -> p.put("nonce", "secret-nonce-x")), query);
    assertThat(v.reasons().get(0).detail()).doesNotContain("secret-nonce-x").doesNotContain(NONCE).doesNotContain("Erika");
  }
}
