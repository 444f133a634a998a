package io.proxima.oid4vp.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.proxima.error.MalformedInputException;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.error.DidResolutionException;
import io.proxima.oid4vp.error.RequestVerificationException;
import io.proxima.oid4vp.error.RequestVerificationException.Reason;
import io.proxima.oid4vp.internal.Json;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a request object on the wallet (PROTOCOL.md §3, and the hardening of §7): in order,
 *
 * <ol>
 *   <li>it is a compact JWS with {@code typ} {@code oauth-authz-req+jwt};
 *   <li>{@code client_id} is {@code decentralized_identifier:<did>} for a V2 Identify, or the plain
 *       DID with {@code client_id_scheme} {@code did} for V1; the DID is did:key or did:jwk;
 *   <li>{@code iss} equals that DID;
 *   <li>{@code kid} is a verification method of that DID (a relative {@code #fragment} is read
 *       against it), resolved offline;
 *   <li>no header key that does not come from the DID: {@code x5c}, {@code x5u} and {@code jku}
 *       are refused, {@code jwk} only if it is the DID's key;
 *   <li>{@code alg} fits the key (ES256 for P-256, EdDSA or Ed25519 for Ed25519) and the
 *       signature verifies;
 *   <li>{@code exp} is present and not past, {@code nbf} and {@code iat} are not in the future
 *       (each with the clock skew);
 *   <li>{@code nonce} is present, and the query: {@code dcql_query} (V2) or
 *       {@code presentation_definition} (V1).
 * </ol>
 *
 * Immutable and thread-safe; does no I/O.
 */
public final class RequestVerifier {

  /** Tolerated clock difference between verifier and wallet. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** The {@code client_id} prefix of a V2 request. */
  public static final String CLIENT_ID_PREFIX = "decentralized_identifier:";

  private static final int MAX_JWT_LENGTH = 1 << 20;
  private static final Set<JWSAlgorithm> ED25519_ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  private final Duration clockSkew;

  private RequestVerifier(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  /** A verifier with the {@linkplain #DEFAULT_CLOCK_SKEW default clock skew}. */
  public static RequestVerifier create() {
    return new RequestVerifier(DEFAULT_CLOCK_SKEW);
  }

  /** The same verifier with another tolerated clock skew. */
  public RequestVerifier clockSkew(Duration skew) {
    if (Objects.requireNonNull(skew, "skew").isNegative()) {
      throw new IllegalArgumentException("clock skew must not be negative");
    }
    return new RequestVerifier(skew);
  }

  /**
   * Verifies a request object.
   *
   * @param jwt the compact JWS (the request plaintext without its JSON quotes)
   * @param version the version of the Identify the wallet sent
   * @param now the wallet's current time
   * @throws RequestVerificationException naming the failed check
   */
  public VerifiedRequest verify(String jwt, IdentifyVersion version, Instant now) {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(now, "now");
    if (jwt.length() > MAX_JWT_LENGTH) {
      throw fail(Reason.MALFORMED, "longer than " + MAX_JWT_LENGTH + " characters");
    }
    SignedJWT jws;
    JWTClaimsSet claims;
    try {
      jws = SignedJWT.parse(jwt);
      claims = jws.getJWTClaimsSet();
    } catch (ParseException e) {
      throw fail(Reason.MALFORMED, "not a signed JWT with a JSON payload");
    }
    JWSHeader header = jws.getHeader();
    if (header.getType() == null || !RequestSigner.TYPE.getType().equalsIgnoreCase(header.getType().getType())) {
      throw fail(Reason.TYPE, "header typ must be " + RequestSigner.TYPE);
    }

    String clientId = stringClaim(claims, "client_id", Reason.CLIENT_ID);
    String did = didOf(clientId, version, claims);
    if (!did.startsWith("did:key:") && !did.startsWith("did:jwk:")) {
      throw fail(Reason.UNRESOLVABLE_DID, "only did:key and did:jwk resolve offline");
    }
    String issuer = stringClaim(claims, "iss", Reason.ISSUER);
    if (!did.equals(issuer)) {
      throw fail(Reason.ISSUER, "iss does not equal the DID in client_id");
    }

    String kid = header.getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw fail(Reason.KEY_ID, "header kid is missing");
    }
    String keyId = kid.startsWith("#") ? did + kid : kid;
    int hash = keyId.indexOf('#');
    if (hash < 0 || !keyId.substring(0, hash).equals(did)) {
      throw fail(Reason.KEY_ID, "kid is not a DID URL of the client's DID");
    }
    VerificationMethod method;
    try {
      method = DidKeys.resolve(did);
    } catch (DidResolutionException e) {
      throw new RequestVerificationException(Reason.UNRESOLVABLE_DID, stripField(e), null, e);
    }
    if (!keyId.equals(method.id())) {
      throw fail(Reason.KEY_ID, "kid does not name the verification method of the client's DID");
    }

    checkHeaderKeys(header, method.publicKey());
    JWSVerifier verifier = verifierFor(header.getAlgorithm(), method.publicKey());
    boolean valid;
    try {
      valid = jws.verify(verifier);
    } catch (JOSEException e) {
      throw fail(Reason.SIGNATURE, "signature could not be checked: " + e.getMessage());
    }
    if (!valid) {
      throw fail(Reason.SIGNATURE, "signature does not verify with " + method.id());
    }

    checkTimes(claims, now);
    String nonce = stringClaim(claims, "nonce", Reason.CLAIMS);
    if (nonce.isEmpty()) {
      throw fail(Reason.CLAIMS, "nonce is empty");
    }
    JsonNode payload = Json.toTree(claims.toJSONObject());
    DcqlQuery dcql = null;
    JsonNode definition = null;
    if (version == IdentifyVersion.V2) {
      JsonNode q = payload.get("dcql_query");
      if (q == null || !q.isObject()) {
        throw fail(Reason.CLAIMS, "dcql_query is missing or not an object");
      }
      try {
        dcql = DcqlQuery.fromJson(q);
      } catch (MalformedInputException e) {
        throw fail(Reason.CLAIMS, "dcql_query is invalid: " + stripField(e));
      }
    } else {
      JsonNode pd = payload.get("presentation_definition");
      if (pd == null || !pd.isObject() || !pd.path("input_descriptors").isArray() || pd.path("input_descriptors").isEmpty()) {
        throw fail(Reason.CLAIMS, "presentation_definition is missing or has no input_descriptors");
      }
      definition = pd;
    }
    Date exp = Objects.requireNonNull(claims.getExpirationTime());
    return new VerifiedRequest(
        jwt, version, clientId, did, method.id(), header.getAlgorithm().getName(), nonce, dcql, definition, exp.toInstant(), payload);
  }

  private static String didOf(String clientId, IdentifyVersion version, JWTClaimsSet claims) {
    if (version == IdentifyVersion.V2) {
      if (!clientId.startsWith(CLIENT_ID_PREFIX) || !clientId.startsWith("did:", CLIENT_ID_PREFIX.length())) {
        throw fail(Reason.CLIENT_ID, "a V2 client_id must be " + CLIENT_ID_PREFIX + "<did>");
      }
      return clientId.substring(CLIENT_ID_PREFIX.length());
    }
    if (!clientId.startsWith("did:")) {
      throw fail(Reason.CLIENT_ID, "a V1 client_id must be a DID");
    }
    Object scheme = claims.getClaim("client_id_scheme");
    if (!"did".equals(scheme)) {
      throw fail(Reason.CLIENT_ID, "a V1 request must have client_id_scheme did");
    }
    return clientId;
  }

  private static void checkHeaderKeys(JWSHeader header, JWK didKey) {
    if (header.getX509CertChain() != null || header.getX509CertURL() != null || header.getJWKURL() != null) {
      throw fail(Reason.HEADER_KEY, "x5c, x5u and jku cannot come from a DID");
    }
    JWK headerKey = header.getJWK();
    if (headerKey != null) {
      try {
        if (!headerKey.computeThumbprint().equals(didKey.computeThumbprint())) {
          throw fail(Reason.HEADER_KEY, "header jwk is not the DID's key");
        }
      } catch (JOSEException e) {
        throw fail(Reason.HEADER_KEY, "header jwk is not a usable key");
      }
    }
  }

  private static JWSVerifier verifierFor(JWSAlgorithm alg, JWK key) {
    try {
      if (key instanceof ECKey ec) {
        if (!JWSAlgorithm.ES256.equals(alg)) {
          throw fail(Reason.ALGORITHM, "a P-256 key verifies ES256 only, got " + alg);
        }
        return new ECDSAVerifier(ec);
      }
      if (key instanceof OctetKeyPair okp && ED25519_ALGORITHMS.contains(alg)) {
        return new Ed25519Verifier(okp);
      }
      throw fail(Reason.ALGORITHM, "an Ed25519 key verifies EdDSA or Ed25519 only, got " + alg);
    } catch (JOSEException e) {
      throw fail(Reason.ALGORITHM, "cannot verify " + alg + " with the DID's key: " + e.getMessage());
    }
  }

  private void checkTimes(JWTClaimsSet claims, Instant now) {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw fail(Reason.EXPIRED, "exp is missing");
    }
    if (now.isAfter(exp.toInstant().plus(clockSkew))) {
      throw fail(Reason.EXPIRED, "exp is " + Duration.between(exp.toInstant(), now).toSeconds() + " s in the past");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant().minus(clockSkew))) {
      throw fail(Reason.NOT_YET_VALID, "nbf is in the future");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.isBefore(iat.toInstant().minus(clockSkew))) {
      throw fail(Reason.NOT_YET_VALID, "iat is in the future");
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name, Reason reason) {
    Map<String, Object> all = claims.getClaims();
    Object value = all.get(name);
    if (!(value instanceof String s)) {
      throw fail(reason, name + (value == null ? " is missing" : " is not a string"));
    }
    return s;
  }

  private static String stripField(MalformedInputException e) {
    String m = e.getMessage();
    String prefix = e.field() + ": ";
    return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : String.valueOf(m);
  }

  private static RequestVerificationException fail(Reason reason, String detail) {
    return new RequestVerificationException(reason, detail, null);
  }
}
