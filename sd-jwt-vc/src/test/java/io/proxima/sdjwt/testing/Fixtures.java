package io.proxima.sdjwt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.verifier.SdJwtVerification;
import io.proxima.sdjwt.wallet.PresentationPlan;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** Shared test data: a fixed time, a verifier identity, an issuer, a PID and helpers to present and verify. */
public final class Fixtures {

  public static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final String CLIENT_ID = "decentralized_identifier:did:key:zDnaeTestVerifier";
  public static final String NONCE = "Nonce4TestsNonce4TestsNonce4Test";
  public static final Duration WAIT = Duration.ofSeconds(10);

  private Fixtures() {}

  /** A fresh issuer (P-256, kid, https iss) on the fixed clock. */
  public static SdJwtVcIssuer issuer() {
    return SdJwtVcIssuer.generate().withClock(CLOCK);
  }

  /** A PID from the issuer, with a fresh holder key. */
  public static IssuedCredential pid(SdJwtVcIssuer issuer) {
    return TestCredentials.pid(issuer);
  }

  public static JWK holderKey() {
    return SdJwtVcIssuer.generateKey(SigningKeyType.P256);
  }

  /** A PID query ({@code id} "pid", vct urn:eudi:pid:1) for the given claims. */
  public static CredentialQuery pidQuery(ClaimsQuery... claims) {
    return CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT, claims);
  }

  /** The standard query: given_name and family_name. */
  public static CredentialQuery namesQuery() {
    return pidQuery(ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name"));
  }

  /** A validator trusting the issuer, on the fixed clock. */
  public static SdJwtVcValidator validator(SdJwtVcIssuer issuer) {
    return SdJwtVcValidator.create(IssuerTrust.of(issuer.publicJwks())).clock(CLOCK);
  }

  /** What the wallet presents for one credential query, bound to CLIENT_ID and NONCE at NOW. */
  public static String present(IssuedCredential credential, CredentialQuery query) {
    SdJwtPresenter presenter = SdJwtPresenter.of(credential.held()).clock(CLOCK);
    PresentationPlan plan = presenter.plan(DcqlQuery.of(query));
    if (!plan.satisfied()) {
      throw new AssertionError("unsatisfied: " + plan.unsatisfied());
    }
    return presenter.presentations(plan, CLIENT_ID, NONCE).get(query.id()).get(0);
  }

  public static SdJwtVerification verify(SdJwtVcValidator validator, String presentation, CredentialQuery query) {
    return validator.verify(presentation, query, CLIENT_ID, NONCE).block(WAIT);
  }

  /** base64url(SHA-256(ASCII)), computed here independently of the code under test. */
  public static String sha256(String ascii) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ascii.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static String base64url(String utf8) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8.getBytes(StandardCharsets.UTF_8));
  }

  public static String fromBase64url(String encoded) {
    return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  /** A JSON test resource. */
  public static JsonNode resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + name);
      }
      return Json.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
