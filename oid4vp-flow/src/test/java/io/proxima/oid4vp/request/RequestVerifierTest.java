package io.proxima.oid4vp.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.error.RequestVerificationException;
import io.proxima.oid4vp.error.RequestVerificationException.Reason;
import io.proxima.oid4vp.internal.Json;
import io.proxima.oid4vp.internal.RequestObjects;
import io.proxima.oid4vp.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestVerifierTest {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final RequestVerifier VERIFIER = RequestVerifier.create();
  static final RequestSigner SIGNER = Fixtures.SIGNER;

  static String v2Request(RequestSigner signer) {
    return signer.sign(claimsV2(signer.did()).build(), null);
  }

  static JWTClaimsSet.Builder claimsV2(String did) {
    return new JWTClaimsSet.Builder(RequestObjects.claims(
        IdentifyVersion.V2, did, "n0nce0123456789012345678901234ab", Fixtures.pidDcql(),
        PresentationDefinitions.fromDcql(Fixtures.pidDcql(), "pd"), NOW, Duration.ofHours(1)));
  }

  /** Signs claims with any key and header: how an attacker or a buggy verifier would. */
  static String forge(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  static ECKey attackerKey() throws Exception {
    return new ECKeyGenerator(Curve.P_256).generate();
  }

  static JWSHeader.Builder header(String kid) {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).type(RequestSigner.TYPE).keyID(kid);
  }

  static RequestVerificationException rejection(String jwt, IdentifyVersion version) {
    try {
      VERIFIER.verify(jwt, version, NOW);
    } catch (RequestVerificationException e) {
      return e;
    }
    throw new AssertionError("the request was accepted");
  }

  @ParameterizedTest
  @EnumSource(SigningKeyType.class)
  void aV2RequestSignedWithADidKeyVerifies(SigningKeyType type) {
    RequestSigner signer = RequestSigner.generate(type, DidMethod.KEY);
    VerifiedRequest request = VERIFIER.verify(v2Request(signer), IdentifyVersion.V2, NOW);

    assertThat(request.clientId()).isEqualTo("decentralized_identifier:" + signer.did());
    assertThat(request.verifierDid()).isEqualTo(signer.did());
    assertThat(request.keyId()).isEqualTo(signer.keyId());
    assertThat(request.algorithm()).isEqualTo(type == SigningKeyType.P256 ? "ES256" : "EdDSA");
    assertThat(request.nonce()).isEqualTo("n0nce0123456789012345678901234ab");
    assertThat(request.dcqlQuery()).isEqualTo(Fixtures.pidDcql());
    assertThat(request.presentationDefinition()).isNull();
    assertThat(request.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(request.queryIds()).containsExactly("pid");
  }

  @ParameterizedTest
  @EnumSource(SigningKeyType.class)
  void aRequestSignedWithADidJwkVerifies(SigningKeyType type) {
    RequestSigner signer = RequestSigner.generate(type, DidMethod.JWK);
    assertThat(signer.keyId()).isEqualTo(signer.did() + "#0");
    assertThat(VERIFIER.verify(v2Request(signer), IdentifyVersion.V2, NOW).verifierDid()).isEqualTo(signer.did());
  }

  @Test
  void theHeaderNamesTypeAlgorithmAndDidUrl() throws Exception {
    SignedJWT jwt = SignedJWT.parse(v2Request(SIGNER));
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("oauth-authz-req+jwt"));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(SIGNER.keyId()).startsWith(SIGNER.did() + "#");
    Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
    assertThat(claims).containsKeys("iss", "exp", "iat", "client_id", "nonce", "dcql_query")
        .doesNotContainKeys("client_id_scheme", "presentation_definition");
  }

  @Test
  void aV1RequestCarriesAPresentationDefinitionAndThePlainDid() {
    JsonNode pd = PresentationDefinitions.fromDcql(Fixtures.pidDcql(), "pd-1");
    String jwt = SIGNER.sign(
        RequestObjects.claims(IdentifyVersion.V1, SIGNER.did(), "nonce", Fixtures.pidDcql(), pd, NOW, Duration.ofHours(1)), null);
    VerifiedRequest request = VERIFIER.verify(jwt, IdentifyVersion.V1, NOW);

    assertThat(request.clientId()).isEqualTo(SIGNER.did());
    assertThat(request.claims().get("client_id_scheme").asText()).isEqualTo("did");
    assertThat(request.presentationDefinition()).isEqualTo(pd);
    assertThat(request.dcqlQuery()).isNull();
    assertThat(request.queryIds()).containsExactly("pid");
    // A V2 wallet does not accept a V1 request, nor the other way round.
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.CLIENT_ID);
    assertThat(rejection(v2Request(SIGNER), IdentifyVersion.V1).reason()).isEqualTo(Reason.CLIENT_ID);
  }

  @Test
  void aTamperedPayloadFailsTheSignature() {
    String[] parts = v2Request(SIGNER).split("\\.");
    JWTClaimsSet changed = claimsV2(SIGNER.did()).claim("nonce", "attacker-chosen-nonce").build();
    String tampered = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(changed.toString()) + "." + parts[2];
    RequestVerificationException e = rejection(tampered, IdentifyVersion.V2);
    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
    assertThat(e.getMessage()).doesNotContain("attacker-chosen-nonce");
  }

  @Test
  void aRequestForgedInTheNameOfAnotherDidFailsTheSignature() throws Exception {
    String jwt = forge(header(SIGNER.keyId()).build(), claimsV2(SIGNER.did()).build(), attackerKey());
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.SIGNATURE);
  }

  @Test
  void issMustEqualTheDidInClientId() {
    RequestSigner other = RequestSigner.generate();
    String jwt = SIGNER.sign(claimsV2(SIGNER.did()).issuer(other.did()).build(), null);
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.ISSUER);
    String noIss = SIGNER.sign(claimsV2(SIGNER.did()).issuer(null).build(), null);
    assertThat(rejection(noIss, IdentifyVersion.V2).reason()).isEqualTo(Reason.ISSUER);
  }

  @Test
  void aV2ClientIdNeedsTheDecentralizedIdentifierPrefix() {
    String jwt = SIGNER.sign(claimsV2(SIGNER.did()).claim("client_id", SIGNER.did()).build(), null);
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.CLIENT_ID);
    String x509 = SIGNER.sign(claimsV2(SIGNER.did()).claim("client_id", "x509_san_dns:verifier.example").build(), null);
    assertThat(rejection(x509, IdentifyVersion.V2).reason()).isEqualTo(Reason.CLIENT_ID);
  }

  @Test
  void expMustBePresentAndNotPast() {
    String expired = SIGNER.sign(claimsV2(SIGNER.did()).expirationTime(Date.from(NOW.minusSeconds(120))).build(), null);
    assertThat(rejection(expired, IdentifyVersion.V2).reason()).isEqualTo(Reason.EXPIRED);
    String noExp = SIGNER.sign(claimsV2(SIGNER.did()).expirationTime(null).build(), null);
    assertThat(rejection(noExp, IdentifyVersion.V2).reason()).isEqualTo(Reason.EXPIRED);
    // Within the clock skew it is still accepted.
    String justExpired = SIGNER.sign(claimsV2(SIGNER.did()).expirationTime(Date.from(NOW.minusSeconds(30))).build(), null);
    assertThat(VERIFIER.verify(justExpired, IdentifyVersion.V2, NOW)).isNotNull();
    assertThat(rejectionWith(RequestVerifier.create().clockSkew(Duration.ZERO), justExpired).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void nbfAndIatMustNotBeInTheFuture() {
    String nbf = SIGNER.sign(claimsV2(SIGNER.did()).notBeforeTime(Date.from(NOW.plusSeconds(600))).build(), null);
    assertThat(rejection(nbf, IdentifyVersion.V2).reason()).isEqualTo(Reason.NOT_YET_VALID);
    String iat = SIGNER.sign(claimsV2(SIGNER.did()).issueTime(Date.from(NOW.plusSeconds(600))).build(), null);
    assertThat(rejection(iat, IdentifyVersion.V2).reason()).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void typMustBeTheRequestObjectType() throws Exception {
    ECKey key = attackerKey();
    RequestSigner signer = RequestSigner.of(key, DidMethod.JWK);
    String jwt = forge(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(signer.keyId()).build(),
        claimsV2(signer.did()).build(), key);
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.TYPE);
  }

  @Test
  void kidMustBeTheVerificationMethodOfTheClientDid() throws Exception {
    ECKey key = attackerKey();
    RequestSigner signer = RequestSigner.of(key, DidMethod.KEY);
    String otherDid = forge(header(SIGNER.keyId()).build(), claimsV2(signer.did()).build(), key);
    assertThat(rejection(otherDid, IdentifyVersion.V2).reason()).isEqualTo(Reason.KEY_ID);
    String wrongFragment = forge(header(signer.did() + "#keys-1").build(), claimsV2(signer.did()).build(), key);
    assertThat(rejection(wrongFragment, IdentifyVersion.V2).reason()).isEqualTo(Reason.KEY_ID);
    String missing = forge(new JWSHeader.Builder(JWSAlgorithm.ES256).type(RequestSigner.TYPE).build(), claimsV2(signer.did()).build(), key);
    assertThat(rejection(missing, IdentifyVersion.V2).reason()).isEqualTo(Reason.KEY_ID);
    // A relative DID URL is read against the client's DID.
    String relative = forge(header(signer.keyId().substring(signer.did().length())).build(), claimsV2(signer.did()).build(), key);
    assertThat(VERIFIER.verify(relative, IdentifyVersion.V2, NOW).keyId()).isEqualTo(signer.keyId());
  }

  @Test
  void aHeaderJwkThatIsNotTheDidKeyIsRefused() throws Exception {
    ECKey attacker = attackerKey();
    String jwt = forge(header(SIGNER.keyId()).jwk(attacker.toPublicJWK()).build(), claimsV2(SIGNER.did()).build(), attacker);
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.HEADER_KEY);
  }

  @Test
  void aHeaderJwkEqualToTheDidKeyIsAccepted() throws Exception {
    ECKey key = attackerKey();
    RequestSigner signer = RequestSigner.of(key, DidMethod.KEY);
    String jwt = forge(header(signer.keyId()).jwk(key.toPublicJWK()).build(), claimsV2(signer.did()).build(), key);
    assertThat(VERIFIER.verify(jwt, IdentifyVersion.V2, NOW).verifierDid()).isEqualTo(signer.did());
  }

  @Test
  void x5cAndKeyUrlsAreRefused() throws Exception {
    ECKey key = attackerKey();
    RequestSigner signer = RequestSigner.of(key, DidMethod.KEY);
    String x5c = forge(header(signer.keyId()).x509CertChain(List.of(Base64.encode(new byte[] {1, 2, 3}))).build(),
        claimsV2(signer.did()).build(), key);
    assertThat(rejection(x5c, IdentifyVersion.V2).reason()).isEqualTo(Reason.HEADER_KEY);
    String jku = forge(header(signer.keyId()).jwkURL(java.net.URI.create("https://attacker.example/jwks")).build(),
        claimsV2(signer.did()).build(), key);
    assertThat(rejection(jku, IdentifyVersion.V2).reason()).isEqualTo(Reason.HEADER_KEY);
  }

  @Test
  void theAlgorithmMustFitTheDidKey() throws Exception {
    RequestSigner ed = RequestSigner.generate(SigningKeyType.ED25519, DidMethod.KEY);
    String jwt = forge(header(ed.keyId()).build(), claimsV2(ed.did()).build(), attackerKey());
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.ALGORITHM);
  }

  @Test
  void didsThatDoNotResolveOfflineAreRefused() throws Exception {
    String jwt = forge(header("did:web:verifier.example#key-1").build(), claimsV2("did:web:verifier.example").build(), attackerKey());
    assertThat(rejection(jwt, IdentifyVersion.V2).reason()).isEqualTo(Reason.UNRESOLVABLE_DID);
  }

  @Test
  void nonceAndQueryAreRequired() {
    String noNonce = SIGNER.sign(claimsV2(SIGNER.did()).claim("nonce", null).build(), null);
    assertThat(rejection(noNonce, IdentifyVersion.V2).reason()).isEqualTo(Reason.CLAIMS);
    String noQuery = SIGNER.sign(claimsV2(SIGNER.did()).claim("dcql_query", null).build(), null);
    assertThat(rejection(noQuery, IdentifyVersion.V2).reason()).isEqualTo(Reason.CLAIMS);
    String badQuery = SIGNER.sign(claimsV2(SIGNER.did()).claim("dcql_query", Map.of("credentials", List.of())).build(), null);
    RequestVerificationException e = rejection(badQuery, IdentifyVersion.V2);
    assertThat(e.reason()).isEqualTo(Reason.CLAIMS);
    assertThat(e.detail()).contains("at least one credential query");
  }

  @Test
  void somethingThatIsNotASignedJwtIsMalformed() {
    assertThat(rejection("not.a.jwt", IdentifyVersion.V2).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(rejection("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", IdentifyVersion.V2).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aVerifiedRequestIsSafeToPrint() {
    VerifiedRequest request = VERIFIER.verify(v2Request(SIGNER), IdentifyVersion.V2, NOW);
    assertThat(request.toString()).doesNotContain(request.nonce()).doesNotContain(request.jwt());
    assertThat(Json.text(request.claims())).contains("dcql_query");
  }

  private static RequestVerificationException rejectionWith(RequestVerifier verifier, String jwt) {
    try {
      verifier.verify(jwt, IdentifyVersion.V2, NOW);
    } catch (RequestVerificationException e) {
      return e;
    }
    throw new AssertionError("the request was accepted");
  }

  @Test
  void theSignerNeverPrintsItsKey() {
    assertThat(SIGNER.toString()).contains(SIGNER.did()).doesNotContain("\"d\"");
    assertThatThrownBy(() -> RequestSigner.of(SIGNER.publicKey(), DidMethod.KEY)).isInstanceOf(IllegalArgumentException.class);
  }
}
