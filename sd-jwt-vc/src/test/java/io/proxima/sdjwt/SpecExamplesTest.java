package io.proxima.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.sd.SDJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.sdjwt.internal.ClaimTree;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.ParsedDisclosure;
import io.proxima.sdjwt.internal.ParsedSdJwt;
import io.proxima.sdjwt.internal.Signatures;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.verifier.SdJwtVerification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples of the SD-JWT specification (RFC 9901 / draft-ietf-oauth-selective-disclosure-jwt-22):
 * known salt, name and value give the known disclosure and digest; the example SD-JWT+KB of §5
 * processes to the specification's payload, with its issuer signature, sd_hash and KB-JWT.
 * The data of §5 is in {@code rfc9901-example.json}, copied from the specification's text.
 */
class SpecExamplesTest {

  static final JsonNode EXAMPLE = Fixtures.resource("rfc9901-example.json");

  /**
   * Disclosure contents as the specification writes them (JSON with ", " separators), and the
   * digest it gives. The array builds the JSON text from salt, name and value here, so the digest
   * is computed from known inputs, through the module's disclosure path.
   */
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "2GLC42sKQveCfGfryNRN9w | given_name            | \"John\"                | jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4",
      "eluV5Og3gSNII8EYnsxA_A | family_name           | \"Doe\"                 | TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo",
      "6Ij7tM-a5iVPGboS5tmvVA | email                 | \"johndoe@example.com\" | JzYjH4svliH0R3PyEMfeZu6Jt69u5qehZo7F7EPYlSE",
      "eI8ZWm9QnKPpNPeNenHdhQ | phone_number          | \"+1-202-555-0101\"     | PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2BA4o7cI",
      "Qg_O64zqAxe412a108iroA | phone_number_verified | true                    | XQ_3kPKt1XyX7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM",
      "Pc33JM2LchcU_lHggv_ufQ | birthdate             | \"1940-01-01\"          | gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM",
      "G02NSrQfjFXQ7Io09syajA | updated_at            | 1570000000              | CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI",
      "_26bc4LT-ac6q2KI6cBW5es | family_name          | \"Möbius\"              | X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0",
      "6Ij7tM-a5iVPGboS5tmvVA | birthdate             | \"1940-01-01\"          | tiTngp9_jhC389UP8_k67MXqoSfiHq3iK6o9un4we_Y"})
  void knownSaltNameAndValueGiveTheSpecifiedDigest(String salt, String name, String value, String digest) throws Exception {
    String json = "[\"" + salt + "\", \"" + name + "\", " + value + "]";
    String encoded = Fixtures.base64url(json);

    ParsedDisclosure d = ParsedDisclosure.parse(encoded, 0);

    assertThat(d.digest()).isEqualTo(digest);
    assertThat(Fixtures.sha256(encoded)).as("independent SHA-256").isEqualTo(digest);
    assertThat(d.name()).isEqualTo(name);
    assertThat(d.value()).isEqualTo(Json.parse(value));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "lklxF5jMYlGTPUovMNIvCA | \"US\" | pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo",
      "nPuoQnkRFq3BIeAm7AnXFA | \"DE\" | 7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0",
      "lklxF5jMYlGTPUovMNIvCA | \"FR\" | w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs"})
  void knownSaltAndArrayElementGiveTheSpecifiedDigest(String salt, String value, String digest) throws Exception {
    String encoded = Fixtures.base64url("[\"" + salt + "\", " + value + "]");

    ParsedDisclosure d = ParsedDisclosure.parse(encoded, 0);

    assertThat(d.digest()).isEqualTo(digest);
    assertThat(d.isArrayElement()).isTrue();
    assertThat(d.value()).isEqualTo(Json.parse(value));
  }

  @Test
  void theSpecifiedDisclosureStringsDecodeAndDigestAsListed() {
    List<String> names = new ArrayList<>();
    for (JsonNode entry : EXAMPLE.get("disclosures")) {
      ParsedDisclosure d = parse(entry.get("disclosure").asText());
      assertThat(d.digest()).isEqualTo(entry.get("digest").asText());
      assertThat(d.encoded()).isEqualTo(entry.get("disclosure").asText());
      names.add(d.name() == null ? "[element]" : d.name());
    }
    assertThat(names).containsExactly("given_name", "family_name", "email", "phone_number", "phone_number_verified", "address",
        "birthdate", "updated_at", "[element]", "[element]");
  }

  /** §4.2.1: whitespace and escaping change the disclosure (and so its digest), not the claim. */
  @Test
  void encodingVariationsOfOneClaimDecodeAlikeButDigestDifferently() throws Exception {
    List<String> variants = List.of(
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNXHUwMGY2Yml1cyJd",
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsImZhbWlseV9uYW1lIiwiTcO2Yml1cyJd",
        "WwoiXzI2YmM0TFQtYWM2cTJLSTZjQlc1ZXMiLAoiZmFtaWx5X25hbWUiLAoiTcO2Yml1cyIKXQ");
    List<String> digests = new ArrayList<>();
    for (String v : variants) {
      ParsedDisclosure d = ParsedDisclosure.parse(v, 0);
      assertThat(d.name()).isEqualTo("family_name");
      assertThat(d.value().asText()).isEqualTo("Möbius");
      digests.add(d.digest());
    }
    assertThat(digests.get(0)).isEqualTo("X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
    assertThat(digests).doesNotHaveDuplicates();
  }

  @Test
  void theExamplePresentationProcessesToTheSpecifiedPayload() throws Exception {
    ParsedSdJwt sdJwt = ParsedSdJwt.parse(EXAMPLE.get("presentation").asText());

    JsonNode processed = ClaimTree.toJson(ClaimTree.decode(sdJwt.payload(), sdJwt.disclosures()));

    assertThat(processed).isEqualTo(EXAMPLE.get("processedPayload"));
    assertThat(sdJwt.sdHash()).isEqualTo(EXAMPLE.at("/kbPayload/sd_hash").asText());
  }

  @Test
  void theExampleIssuanceWithEveryDisclosureProcessesToEveryClaim() throws Exception {
    ParsedSdJwt sdJwt = ParsedSdJwt.parse(EXAMPLE.get("issuance").asText());

    JsonNode processed = ClaimTree.toJson(ClaimTree.decode(sdJwt.payload(), sdJwt.disclosures()));

    assertThat(processed.get("given_name").asText()).isEqualTo("John");
    assertThat(processed.get("updated_at").asLong()).isEqualTo(1570000000L);
    assertThat(processed.get("nationalities")).hasSize(2);
    assertThat(processed.at("/address/locality").asText()).isEqualTo("Anytown");
    assertThat(processed.has("_sd")).isFalse();
    assertThat(processed.has("_sd_alg")).isFalse();
  }

  @Test
  void theExampleSignaturesVerifyOnTheModulesSignaturePath() throws Exception {
    JWK issuerKey = JWK.parse(Json.text(EXAMPLE.get("issuerKey")));
    String presentation = EXAMPLE.get("presentation").asText();
    ParsedSdJwt sdJwt = ParsedSdJwt.parse(presentation);
    JWK holderKey = JWK.parse(Json.text(sdJwt.payload().at("/cnf/jwk")));
    JWSObject kb = JWSObject.parse(sdJwt.keyBindingJwt());

    assertThat(Signatures.verify(sdJwt.jws(), issuerKey)).isTrue();
    assertThat(Signatures.verify(kb, holderKey)).isTrue();
    assertThat(Signatures.verify(kb, issuerKey)).as("wrong key").isFalse();
    assertThat(Json.parse(kb.getPayload().toBytes())).isEqualTo(EXAMPLE.get("kbPayload"));
    assertThat(new SDJWT(sdJwt.issuerJwt(), List.of()).getCredentialJwt()).isEqualTo(EXAMPLE.get("issuerSignedJwt").asText());
  }

  /**
   * Through the validator: the signature, the disclosures and the KB-JWT of the example are fine,
   * but it is a plain SD-JWT ({@code typ} example+sd-jwt, no vct), not an SD-JWT VC, so it stops
   * exactly at the type check, after the signature check passed.
   */
  @Test
  void theExampleIsAValidlySignedSdJwtButNotAnSdJwtVc() throws Exception {
    JWK issuerKey = JWK.parse(Json.text(EXAMPLE.get("issuerKey")));
    Clock atKbTime = Clock.fixed(Instant.ofEpochSecond(EXAMPLE.at("/kbPayload/iat").asLong()), ZoneOffset.UTC);
    SdJwtVcValidator validator = SdJwtVcValidator.create(IssuerTrust.of(new JWKSet(issuerKey))).clock(atKbTime);
    CredentialQuery query = CredentialQuery.of("example", SdJwtVc.FORMAT, ClaimsQuery.at("given_name"));

    SdJwtVerification v = validator.verify(EXAMPLE.get("presentation").asText(), query, "https://verifier.example.org", "1234567890")
        .block(Fixtures.WAIT);

    assertThat(v.verified()).isFalse();
    assertThat(v.codes()).containsExactly(SdJwtReasons.TYPE_INVALID);
  }

  @Test
  void theExampleFromAnotherIssuerKeyStopsAtTheSignature() throws Exception {
    SdJwtVcValidator validator = SdJwtVcValidator.create(IssuerTrust.of(new JWKSet(Fixtures.holderKey().toPublicJWK())));
    SdJwtVerification v = validator.verify(EXAMPLE.get("presentation").asText(), CredentialQuery.of("example", SdJwtVc.FORMAT),
        "https://verifier.example.org", "1234567890").block(Fixtures.WAIT);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_SIGNATURE_INVALID);
  }

  private static ParsedDisclosure parse(String encoded) {
    try {
      return ParsedDisclosure.parse(encoded, 0);
    } catch (io.proxima.sdjwt.internal.CheckFailure e) {
      throw new AssertionError(e.code() + ": " + e.detail());
    }
  }
}
