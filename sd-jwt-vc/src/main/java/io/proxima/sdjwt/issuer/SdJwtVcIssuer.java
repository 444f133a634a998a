package io.proxima.sdjwt.issuer;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import io.proxima.crypto.internal.Randomness;
import io.proxima.oid4vp.request.DidKeys;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Mints SD-JWT VCs: for tests, demos and the command line's {@code issue}, not a production
 * issuer (no key management, no issuance protocol). Immutable; {@code with}-style methods return
 * a new instance. Disclosures and their digests are authlete's {@link Disclosure} and {@link
 * SDObjectBuilder}; the JWS is nimbus. Salts come from the project's DRBG, so minting does no I/O.
 *
 * <pre>{@code
 * SdJwtVcIssuer issuer = SdJwtVcIssuer.generate();                 // P-256, kid, iss https://...
 * IssuedCredential pid = TestCredentials.pid(issuer);              // fresh holder key
 * pid.writeTo(dir);                                                // credential, holder key, issuer JWKS
 * }</pre>
 */
public final class SdJwtVcIssuer {

  /** The {@code iss} of generated issuers that are not DIDs. */
  public static final String DEFAULT_ISSUER = "https://issuer.proxima.example";

  private final JWK privateKey;
  private final String issuer;
  private final @Nullable String keyId;
  private final @Nullable List<Base64> x5c;
  private final String type;
  private final Clock clock;

  private SdJwtVcIssuer(JWK privateKey, String issuer, @Nullable String keyId, @Nullable List<Base64> x5c, String type, Clock clock) {
    this.privateKey = privateKey;
    this.issuer = issuer;
    this.keyId = keyId;
    this.x5c = x5c;
    this.type = type;
    this.clock = clock;
  }

  /** A fresh P-256 issuer key (kid = its JWK thumbprint), {@code iss} = {@value #DEFAULT_ISSUER}. */
  public static SdJwtVcIssuer generate() {
    return of(generateKey(SigningKeyType.P256), DEFAULT_ISSUER);
  }

  /** A fresh issuer key of the given type whose {@code iss} is its did:key or did:jwk; {@code kid} is the DID URL. */
  public static SdJwtVcIssuer generateDid(SigningKeyType keyType, DidMethod method) {
    JWK key = generateKey(keyType);
    String did = DidKeys.did(key.toPublicJWK(), method);
    return new SdJwtVcIssuer(key, did, DidKeys.verificationMethodId(did), null, SdJwtVc.TYPE, Clock.systemUTC());
  }

  /**
   * An issuer with an existing private key (P-256/384/521, Ed25519 or RSA). Its kid is the key's
   * {@code kid}, else its JWK thumbprint.
   *
   * @throws IllegalArgumentException if the key is public only or of an unsupported type
   */
  public static SdJwtVcIssuer of(JWK privateKey, String issuer) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(issuer, "issuer");
    Signatures.signer(privateKey);
    String kid = privateKey.getKeyID();
    JWK key = privateKey;
    if (kid == null) {
      kid = thumbprint(privateKey);
      key = withKeyId(privateKey, kid);
    }
    return new SdJwtVcIssuer(key, issuer, kid, null, SdJwtVc.TYPE, Clock.systemUTC());
  }

  /** A fresh private key: P-256 or Ed25519, from the project's DRBG. */
  public static JWK generateKey(SigningKeyType keyType) {
    try {
      if (keyType == SigningKeyType.P256) {
        return new ECKeyGenerator(Curve.P_256).secureRandom(Randomness.secureRandom()).generate();
      }
      byte[] seed = Randomness.bytes(32);
      try {
        Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pair.getPublicKey())).d(Base64URL.encode(pair.getPrivateKey())).build();
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("key generation failed: " + e.getMessage(), e);
    }
  }

  /** The same issuer putting this certificate chain (leaf first, for this issuer's key) in the {@code x5c} header. */
  public SdJwtVcIssuer withCertificateChain(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain has at least the leaf");
    }
    List<Base64> encoded = new ArrayList<>();
    for (X509Certificate c : chain) {
      try {
        encoded.add(Base64.encode(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
      }
    }
    return new SdJwtVcIssuer(privateKey, issuer, keyId, List.copyOf(encoded), type, clock);
  }

  /** The same issuer with another {@code iss}. */
  public SdJwtVcIssuer withIssuer(String newIssuer) {
    return new SdJwtVcIssuer(privateKey, Objects.requireNonNull(newIssuer, "issuer"), keyId, x5c, type, clock);
  }

  /** The same issuer writing another JWS {@code typ} (e.g. the legacy {@code vc+sd-jwt}). */
  public SdJwtVcIssuer withType(String newType) {
    return new SdJwtVcIssuer(privateKey, issuer, keyId, x5c, Objects.requireNonNull(newType, "type"), clock);
  }

  /** The same issuer without a {@code kid} in its header. */
  public SdJwtVcIssuer withoutKeyId() {
    return new SdJwtVcIssuer(privateKey, issuer, null, x5c, type, clock);
  }

  /** The clock for {@code iat} and {@code exp}. */
  public SdJwtVcIssuer withClock(Clock newClock) {
    return new SdJwtVcIssuer(privateKey, issuer, keyId, x5c, type, Objects.requireNonNull(newClock, "clock"));
  }

  /** The {@code iss} of the credentials. */
  public String issuer() {
    return issuer;
  }

  /** The public key. */
  public JWK publicKey() {
    return privateKey.toPublicJWK();
  }

  /** The public key as a JWKS: what a verifier trusts ({@code verifier --trust}). */
  public JWKSet publicJwks() {
    return new JWKSet(publicKey());
  }

  /**
   * Mints a credential: header {@code alg}, {@code typ} (dc+sd-jwt), {@code kid}, {@code x5c} if
   * set; payload {@code iss}, {@code iat}, {@code exp}, {@code vct}, {@code cnf.jwk}, {@code status},
   * the visible claims, {@code _sd_alg} and the digests of the selectively disclosable claims.
   *
   * @throws IllegalArgumentException if the claims hold a {@code null} or use a reserved name
   */
  public IssuedCredential issue(Issuance issuance) {
    Instant now = clock.instant();
    SDObjectBuilder top = new SDObjectBuilder();
    List<Disclosure> disclosures = new ArrayList<>();
    top.putClaim("iss", issuer);
    top.putClaim("iat", now.getEpochSecond());
    top.putClaim("exp", now.plus(issuance.validity()).getEpochSecond());
    top.putClaim("vct", issuance.vct());
    if (issuance.holderKey() != null) {
      top.putClaim("cnf", Map.of("jwk", issuance.holderKey().toJSONObject()));
    }
    if (issuance.status() != null) {
      top.putClaim("status", Json.toJava(issuance.status()));
    }
    ObjectNode claims = issuance.claims();
    Iterator<Map.Entry<String, JsonNode>> fields = claims.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = e.getKey();
      if (SdJwtVc.NON_DISCLOSABLE_CLAIMS.contains(name) || "iat".equals(name) || name.startsWith("_sd") || "...".equals(name)) {
        throw new IllegalArgumentException("claim " + name + " is set by the issuer or reserved");
      }
      if (issuance.visible().contains(name)) {
        top.putClaim(name, Json.toJava(e.getValue()));
      } else {
        top.putSDClaim(disclose(name, e.getValue(), disclosures));
      }
    }
    Map<String, Object> payload = top.build(true);
    String jwt = sign(Json.mapper().valueToTree(payload));
    return new IssuedCredential(new SDJWT(jwt, disclosures).toString(), null, publicJwks(), issuer, issuance.vct());
  }

  /**
   * Signs an arbitrary payload with this issuer's key and header: an issuer-signed JWT (tools,
   * and tests that need an unusual credential). No disclosure is made.
   */
  public String sign(ObjectNode payload) {
    JWSHeader.Builder header = Signatures.header(privateKey, type);
    if (keyId != null) {
      header.keyID(keyId);
    }
    if (x5c != null) {
      header.x509CertChain(x5c);
    }
    return Signatures.sign(header.build(), Json.text(payload).getBytes(StandardCharsets.UTF_8), privateKey);
  }

  /** A claim as a disclosure whose value is itself encoded (recursive disclosures). */
  private static Disclosure disclose(String name, JsonNode value, List<Disclosure> out) {
    Object encoded = encode(value, out);
    Disclosure d = new Disclosure(salt(), name, encoded);
    out.add(d);
    return d;
  }

  /** Objects: every property selectively disclosable; arrays: every element; leaves as they are. */
  private static Object encode(JsonNode value, List<Disclosure> out) {
    if (value.isObject()) {
      SDObjectBuilder builder = new SDObjectBuilder();
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getKey().startsWith("_sd") || "...".equals(e.getKey())) {
          throw new IllegalArgumentException("claim name " + e.getKey() + " is reserved");
        }
        builder.putSDClaim(disclose(e.getKey(), e.getValue(), out));
      }
      return builder.build();
    }
    if (value.isArray()) {
      List<Object> elements = new ArrayList<>();
      for (JsonNode element : (ArrayNode) value) {
        Disclosure d = new Disclosure(salt(), null, encode(element, out));
        out.add(d);
        elements.add(d.toArrayElement());
      }
      return elements;
    }
    if (value.isNull()) {
      throw new IllegalArgumentException("null claim values are not supported");
    }
    return Json.toJava(value);
  }

  /** 128 bits of salt (RFC 9901 §9.3), base64url. */
  private static String salt() {
    return Base64URL.encode(Randomness.bytes(16)).toString();
  }

  private static String thumbprint(JWK key) {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot compute the key thumbprint: " + e.getMessage(), e);
    }
  }

  private static JWK withKeyId(JWK key, String kid) {
    try {
      Map<String, Object> json = new java.util.LinkedHashMap<>(key.toJSONObject());
      json.put("kid", kid);
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("cannot set the kid", e);
    }
  }

  /** Shows the issuer, never the key. */
  @Override
  public String toString() {
    return "SdJwtVcIssuer[" + issuer + ", " + Signatures.algorithmFor(privateKey) + (x5c == null ? "" : ", x5c") + "]";
  }
}
