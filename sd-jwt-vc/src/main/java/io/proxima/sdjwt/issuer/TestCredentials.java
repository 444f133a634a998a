package io.proxima.sdjwt.issuer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.oid4vp.request.SigningKeyType;

/**
 * PID-like test credentials (modelled on the EUDI PID SD-JWT VC; the person is fictional). What
 * the command line's {@code issue} and {@code demo} mint.
 */
public final class TestCredentials {

  /** The credential type of the test PID. */
  public static final String PID_VCT = "urn:eudi:pid:1";

  private TestCredentials() {}

  /**
   * The PID claims: {@code given_name}, {@code family_name}, {@code birthdate}, {@code address}
   * (street_address, locality, postal_code, country), {@code nationalities} (an array) and
   * {@code age_equal_or_over} ({@code {"18": true}}).
   */
  public static ObjectNode pidClaims() {
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("given_name", "Erika");
    claims.put("family_name", "Mustermann");
    claims.put("birthdate", "1964-08-12");
    ObjectNode address = claims.putObject("address");
    address.put("street_address", "Heidestraße 17");
    address.put("locality", "Köln");
    address.put("postal_code", "51147");
    address.put("country", "DE");
    claims.putArray("nationalities").add("DE").add("FR");
    claims.putObject("age_equal_or_over").put("18", true);
    return claims;
  }

  /** A PID from {@code issuer} for a freshly generated P-256 holder key (returned with it). */
  public static IssuedCredential pid(SdJwtVcIssuer issuer) {
    return pid(issuer, SdJwtVcIssuer.generateKey(SigningKeyType.P256));
  }

  /** A PID from {@code issuer} bound to {@code holderPrivateKey} (returned with it). */
  public static IssuedCredential pid(SdJwtVcIssuer issuer, JWK holderPrivateKey) {
    IssuedCredential c = issuer.issue(Issuance.of(PID_VCT, pidClaims(), holderPrivateKey.toPublicJWK()));
    return new IssuedCredential(c.sdJwt(), holderPrivateKey, c.issuerJwks(), c.issuer(), c.vct());
  }
}
