package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.internal.ClaimTree.Obj;
import io.proxima.sdjwt.verifier.IssuerTrust;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The verification of one SD-JWT VC presentation, in the order of the issue and RFC 9901 §7:
 *
 * <ol>
 *   <li>issuer signature with a trusted key ({@link IssuerKeys});
 *   <li>{@code typ}, {@code vct} against the query, {@code exp}/{@code nbf}/{@code iat} within the clock skew;
 *   <li>disclosures against the digests ({@link ClaimTree#decode}), {@code _sd_alg} sha-256;
 *   <li>the Key Binding JWT: signature with {@code cnf.jwk}, {@code typ}, {@code aud}, {@code nonce},
 *       {@code iat} fresh, {@code sd_hash};
 *   <li>the disclosed claims against the query's claims / claim_sets ({@link DcqlClaims}).
 * </ol>
 *
 * Stops at the first failure ({@link CheckFailure} with its code). Pure CPU work, no I/O.
 */
public final class SdJwtChecks {

  /**
   * How to verify.
   *
   * @param trust trusted issuers
   * @param clock the current time
   * @param clockSkew tolerance for every time comparison
   * @param keyBindingMaxAge how old a Key Binding JWT's {@code iat} may be (plus the skew)
   */
  public record Settings(IssuerTrust trust, Clock clock, Duration clockSkew, Duration keyBindingMaxAge) {
    public Settings {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(clockSkew, "clockSkew");
      Objects.requireNonNull(keyBindingMaxAge, "keyBindingMaxAge");
    }
  }

  /**
   * What the presentation must match.
   *
   * @param query the credential query it answers, or null when there is no DCQL query
   * @param clientId the expected {@code aud} of the Key Binding JWT
   * @param nonce the expected {@code nonce} of the Key Binding JWT
   */
  public record Expectations(@Nullable CredentialQuery query, String clientId, String nonce) {
    public Expectations {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(nonce, "nonce");
    }
  }

  /**
   * A presentation that passed every check.
   *
   * @param claims the processed payload (disclosed claims and the always-visible ones)
   * @param trustSource how the issuer key was trusted: {@code x5c}, {@code did} or {@code jwks}
   * @param issuer the issuer as established by the trust mechanism, if known
   * @param vct the credential type
   * @param status the {@code status} claim, if any
   * @param keyBound whether a Key Binding JWT was verified
   */
  public record Passed(ObjectNode claims, String trustSource, @Nullable String issuer, String vct, @Nullable JsonNode status, boolean keyBound) {}

  /** Year 33658: larger NumericDates are refused before any arithmetic. */
  private static final BigDecimal MAX_NUMERIC_DATE = BigDecimal.valueOf(1_000_000_000_000L);

  private SdJwtChecks() {}

  /**
   * Verifies one presentation.
   *
   * @throws CheckFailure at the first check that fails
   */
  public static Passed verify(String presentation, Expectations expect, Settings settings) throws CheckFailure {
    CredentialQuery query = expect.query();
    if (query == null) {
      throw new CheckFailure(SdJwtReasons.QUERY_NOT_DCQL, "the request has no DCQL query to check vct and claims against");
    }
    Instant now = settings.clock().instant();
    Duration skew = settings.clockSkew();
    ParsedSdJwt sdJwt = ParsedSdJwt.parse(presentation);
    ObjectNode payload = sdJwt.payload();

    // 1. Issuer signature with a trusted key.
    JWSObject jws = sdJwt.jws();
    if (!Signatures.allowed(jws.getHeader().getAlgorithm())) {
      throw new CheckFailure(SdJwtReasons.ALGORITHM_NOT_ALLOWED, "issuer-signed JWT algorithm " + ClaimTree.printable(jws.getHeader().getAlgorithm().getName()) + " is not allowed");
    }
    IssuerKeys.Trusted trusted = IssuerKeys.resolve(jws.getHeader(), payload.get("iss"), settings.trust(), now);
    boolean signed = false;
    for (JWK key : trusted.keys()) {
      if (Signatures.verify(jws, key)) {
        signed = true;
        break;
      }
    }
    if (!signed) {
      throw new CheckFailure(SdJwtReasons.ISSUER_SIGNATURE_INVALID, "the issuer signature does not verify with the trusted key (" + trusted.source() + ")");
    }

    // 2. Type and validity period.
    JOSEObjectType typ = jws.getHeader().getType();
    if (typ == null || !isSdJwtVcType(typ.getType())) {
      throw new CheckFailure(SdJwtReasons.TYPE_INVALID, "the issuer-signed JWT typ is not " + SdJwtVc.TYPE);
    }
    JsonNode vctNode = payload.get("vct");
    if (vctNode == null || !vctNode.isTextual() || vctNode.asText().isEmpty()) {
      throw new CheckFailure(SdJwtReasons.VCT_MISMATCH, "the credential has no vct");
    }
    String vct = vctNode.asText();
    List<String> vctValues = vctValues(query);
    if (vctValues != null && !vctValues.contains(vct)) {
      throw new CheckFailure(SdJwtReasons.VCT_MISMATCH, "vct " + ClaimTree.printable(vct) + " is not among the query's vct_values");
    }
    Instant exp = numericDate(payload, "exp", SdJwtReasons.MALFORMED);
    if (exp != null && !now.isBefore(exp.plus(skew))) {
      throw new CheckFailure(SdJwtReasons.EXPIRED, "the credential expired at " + exp);
    }
    Instant nbf = numericDate(payload, "nbf", SdJwtReasons.MALFORMED);
    if (nbf != null && now.plus(skew).isBefore(nbf)) {
      throw new CheckFailure(SdJwtReasons.NOT_YET_VALID, "the credential is not valid before " + nbf);
    }
    Instant iat = numericDate(payload, "iat", SdJwtReasons.MALFORMED);
    if (iat != null && iat.isAfter(now.plus(skew))) {
      throw new CheckFailure(SdJwtReasons.ISSUED_IN_FUTURE, "the credential is issued in the future (" + iat + ")");
    }

    // 3. Disclosures against the digests.
    JsonNode sdAlg = payload.get("_sd_alg");
    if (sdAlg != null && !(sdAlg.isTextual() && SdJwtVc.HASH_ALGORITHM.equals(sdAlg.asText()))) {
      throw new CheckFailure(SdJwtReasons.SD_ALG_UNSUPPORTED, "_sd_alg is not " + SdJwtVc.HASH_ALGORITHM);
    }
    Obj tree = ClaimTree.decode(payload, sdJwt.disclosures());

    // 4. Key Binding JWT.
    boolean required = !Boolean.FALSE.equals(query.requireCryptographicHolderBinding());
    String kb = sdJwt.keyBindingJwt();
    if (kb == null) {
      if (required) {
        throw new CheckFailure(SdJwtReasons.KB_MISSING, "holder binding is required but the presentation has no Key Binding JWT");
      }
    } else {
      checkKeyBinding(kb, payload, sdJwt.sdHash(), expect, settings, now);
    }

    // 5. The query's claims.
    if (DcqlClaims.select(query, tree).isEmpty()) {
      throw new CheckFailure(SdJwtReasons.CLAIMS_UNSATISFIED,
          "the disclosed claims do not satisfy credential query " + query.id() + describeMissing(query, tree));
    }
    JsonNode status = payload.get("status");
    return new Passed((ObjectNode) ClaimTree.toJson(tree), trusted.source(), trusted.issuer(), vct, status == null ? null : status.deepCopy(), kb != null);
  }

  private static void checkKeyBinding(String kb, ObjectNode payload, String sdHash, Expectations expect, Settings settings, Instant now)
      throws CheckFailure {
    JWK holderKey = holderKey(payload);
    JWSObject jws;
    try {
      jws = JWSObject.parse(kb);
    } catch (ParseException e) {
      throw new CheckFailure(SdJwtReasons.KB_MALFORMED, "the Key Binding JWT is not a compact JWS");
    }
    JOSEObjectType typ = jws.getHeader().getType();
    if (typ == null || !SdJwtVc.KEY_BINDING_TYPE.equals(typ.getType())) {
      throw new CheckFailure(SdJwtReasons.KB_TYPE_INVALID, "the Key Binding JWT typ is not " + SdJwtVc.KEY_BINDING_TYPE);
    }
    if (!Signatures.verify(jws, holderKey)) {
      throw new CheckFailure(SdJwtReasons.KB_SIGNATURE_INVALID, "the Key Binding JWT signature does not verify with cnf.jwk");
    }
    JsonNode claims;
    try {
      claims = Json.parse(jws.getPayload().toBytes());
    } catch (IOException | RuntimeException e) {
      throw new CheckFailure(SdJwtReasons.KB_MALFORMED, "the Key Binding JWT payload is not JSON");
    }
    if (!claims.isObject()) {
      throw new CheckFailure(SdJwtReasons.KB_MALFORMED, "the Key Binding JWT payload is not a JSON object");
    }
    JsonNode aud = claims.get("aud");
    if (aud == null || !aud.isTextual() || !aud.asText().equals(expect.clientId())) {
      throw new CheckFailure(SdJwtReasons.KB_AUDIENCE_MISMATCH, "the Key Binding JWT aud is not the request's client_id");
    }
    JsonNode nonce = claims.get("nonce");
    if (nonce == null || !nonce.isTextual()
        || !MessageDigest.isEqual(nonce.asText().getBytes(StandardCharsets.UTF_8), expect.nonce().getBytes(StandardCharsets.UTF_8))) {
      throw new CheckFailure(SdJwtReasons.KB_NONCE_MISMATCH, "the Key Binding JWT nonce is not the request's nonce");
    }
    Instant iat = numericDate((ObjectNode) claims, "iat", SdJwtReasons.KB_IAT_INVALID);
    Duration skew = settings.clockSkew();
    if (iat == null) {
      throw new CheckFailure(SdJwtReasons.KB_IAT_INVALID, "the Key Binding JWT has no iat");
    }
    if (iat.isAfter(now.plus(skew))) {
      throw new CheckFailure(SdJwtReasons.KB_IAT_INVALID, "the Key Binding JWT is issued in the future");
    }
    if (iat.isBefore(now.minus(settings.keyBindingMaxAge()).minus(skew))) {
      throw new CheckFailure(SdJwtReasons.KB_IAT_INVALID, "the Key Binding JWT is older than " + settings.keyBindingMaxAge());
    }
    JsonNode hash = claims.get("sd_hash");
    if (hash == null || !hash.isTextual() || !hash.asText().equals(sdHash)) {
      throw new CheckFailure(SdJwtReasons.KB_SD_HASH_MISMATCH, "the Key Binding JWT sd_hash is not the digest of the presented SD-JWT");
    }
  }

  private static JWK holderKey(ObjectNode payload) throws CheckFailure {
    JsonNode jwk = payload.path("cnf").path("jwk");
    if (!jwk.isObject()) {
      throw new CheckFailure(SdJwtReasons.HOLDER_KEY_MISSING, "the credential has no cnf.jwk");
    }
    try {
      JWK key = JWK.parse(Json.text(jwk));
      if (key.isPrivate()) {
        throw new CheckFailure(SdJwtReasons.HOLDER_KEY_MISSING, "cnf.jwk holds a private key");
      }
      return key;
    } catch (ParseException e) {
      throw new CheckFailure(SdJwtReasons.HOLDER_KEY_MISSING, "cnf.jwk is not a valid JWK");
    }
  }

  /** Whether a {@code typ} names an SD-JWT VC ({@code dc+sd-jwt}, legacy {@code vc+sd-jwt}, with or without {@code application/}). */
  public static boolean isSdJwtVcType(String typ) {
    String t = typ.toLowerCase(Locale.ROOT);
    if (t.startsWith("application/")) {
      t = t.substring("application/".length());
    }
    return SdJwtVc.TYPE.equals(t) || SdJwtVc.LEGACY_TYPE.equals(t);
  }

  /** The query's {@code meta.vct_values}, or null when it does not constrain vct. */
  public static @Nullable List<String> vctValues(CredentialQuery query) {
    ObjectNode meta = query.meta();
    if (meta == null || !meta.path("vct_values").isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    meta.get("vct_values").forEach(v -> out.add(v.asText()));
    return out;
  }

  /** A NumericDate claim (seconds, possibly fractional), or null when absent. */
  static @Nullable Instant numericDate(ObjectNode claims, String name, String codeIfInvalid) throws CheckFailure {
    JsonNode n = claims.get(name);
    if (n == null) {
      return null;
    }
    if (!n.isNumber()) {
      throw new CheckFailure(codeIfInvalid, name + " is not a NumericDate");
    }
    BigDecimal seconds = n.decimalValue();
    // Compared before any arithmetic: 1e999999999 is short text but a huge number.
    if (seconds.abs().compareTo(MAX_NUMERIC_DATE) > 0) {
      throw new CheckFailure(codeIfInvalid, name + " is out of range");
    }
    try {
      BigDecimal floor = seconds.setScale(0, RoundingMode.FLOOR);
      return Instant.ofEpochSecond(floor.longValueExact(), seconds.subtract(floor).movePointRight(9).longValue());
    } catch (ArithmeticException | DateTimeException e) {
      throw new CheckFailure(codeIfInvalid, name + " is out of range");
    }
  }

  private static String describeMissing(CredentialQuery query, Obj tree) {
    List<String> missing = DcqlClaims.unmatchedPaths(query, tree);
    return missing.isEmpty() ? "" : ": not disclosed or not matching " + String.join(", ", missing);
  }
}
