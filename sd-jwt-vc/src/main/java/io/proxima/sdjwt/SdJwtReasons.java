package io.proxima.sdjwt;

import java.util.Set;

/**
 * The reason codes of SD-JWT VC verification ({@link io.proxima.oid4vp.validation.ValidationReason#code()}),
 * grouped by the check that emits them. The checks run in the order below and stop at the first
 * that fails, so tampering with one thing yields that thing's code. Codes are stable; details are
 * for people and never contain a presentation, a claim value or the nonce.
 */
public final class SdJwtReasons {

  private static final String P = "sd_jwt.";

  // Before the checks: the presentation cannot be parsed at all.

  /** Not an SD-JWT: no issuer-signed JWS followed by '~', payload not a JSON object, a required claim of the wrong type. */
  public static final String MALFORMED = P + "malformed";
  /** The DCQL query is not available (a V1 request with an explicit presentation definition): vct and claims cannot be checked. */
  public static final String QUERY_NOT_DCQL = P + "query_not_dcql";

  // Check 1: the issuer's signature, with the key taken from configured trust.

  /** The issuer-signed JWT uses an algorithm that is not allowed ({@code none}, HMAC, unknown). */
  public static final String ALGORITHM_NOT_ALLOWED = P + "algorithm_not_allowed";
  /** No trusted key for this issuer: not in the JWKS, x5c chain not to a configured root, DID not on the trust list. */
  public static final String ISSUER_UNTRUSTED = P + "issuer_untrusted";
  /** The issuer signature does not verify with the trusted key. */
  public static final String ISSUER_SIGNATURE_INVALID = P + "issuer_signature_invalid";

  // Check 2: the credential's type and validity period.

  /** The JWS {@code typ} is neither {@code dc+sd-jwt} nor {@code vc+sd-jwt}. */
  public static final String TYPE_INVALID = P + "typ_invalid";
  /** The credential has no {@code vct}, or its {@code vct} is not among the query's {@code vct_values}. */
  public static final String VCT_MISMATCH = P + "vct_mismatch";
  /** {@code exp} has passed (beyond the clock skew). */
  public static final String EXPIRED = P + "expired";
  /** {@code nbf} is in the future (beyond the clock skew). */
  public static final String NOT_YET_VALID = P + "not_yet_valid";
  /** {@code iat} is in the future (beyond the clock skew). */
  public static final String ISSUED_IN_FUTURE = P + "issued_in_future";

  // Check 3: disclosures against the digests of the issuer-signed JWT.

  /** {@code _sd_alg} is not {@code sha-256}. */
  public static final String SD_ALG_UNSUPPORTED = P + "sd_alg_unsupported";
  /** A disclosure is not base64url JSON [salt, name, value] / [salt, value], or names {@code _sd} or {@code ...}; or an {@code _sd} is not an array of strings. */
  public static final String DISCLOSURE_MALFORMED = P + "disclosure_malformed";
  /** A digest occurs more than once in the payload (directly or through disclosures), or a disclosure is presented twice. */
  public static final String DIGEST_DUPLICATE = P + "digest_duplicate";
  /** A disclosure whose digest is in no {@code _sd} and no array {@code ...} element. */
  public static final String DISCLOSURE_UNREFERENCED = P + "disclosure_unreferenced";
  /** An array-element disclosure referenced from an {@code _sd}, or a property disclosure from an array element. */
  public static final String DISCLOSURE_MISPLACED = P + "disclosure_misplaced";
  /** A disclosed claim name already exists at its level. */
  public static final String CLAIM_NAME_CONFLICT = P + "claim_name_conflict";
  /** A disclosure for a claim an SD-JWT VC must not disclose selectively (iss, nbf, exp, cnf, vct, status, ...). */
  public static final String PROTECTED_CLAIM_DISCLOSED = P + "protected_claim_disclosed";

  // Check 4: the Key Binding JWT.

  /** Holder binding is required (the query's default) but there is no Key Binding JWT. */
  public static final String KB_MISSING = P + "kb_missing";
  /** The credential has no usable {@code cnf.jwk} to verify the Key Binding JWT with. */
  public static final String HOLDER_KEY_MISSING = P + "holder_key_missing";
  /** The Key Binding JWT is not a JWS with a JSON object payload. */
  public static final String KB_MALFORMED = P + "kb_malformed";
  /** The Key Binding JWT's {@code typ} is not {@code kb+jwt}. */
  public static final String KB_TYPE_INVALID = P + "kb_typ_invalid";
  /** The Key Binding JWT's signature does not verify with {@code cnf.jwk} (or uses a disallowed algorithm). */
  public static final String KB_SIGNATURE_INVALID = P + "kb_signature_invalid";
  /** {@code aud} is not the request's {@code client_id}. */
  public static final String KB_AUDIENCE_MISMATCH = P + "kb_aud_mismatch";
  /** {@code nonce} is not the request's nonce. */
  public static final String KB_NONCE_MISMATCH = P + "kb_nonce_mismatch";
  /** {@code iat} is missing, older than the allowed age or in the future. */
  public static final String KB_IAT_INVALID = P + "kb_iat_invalid";
  /** {@code sd_hash} is not the digest of the presented SD-JWT. */
  public static final String KB_SD_HASH_MISMATCH = P + "kb_sd_hash_mismatch";

  // Check 5: the query.

  /** The disclosed claims do not satisfy the credential query's claims / claim_sets. */
  public static final String CLAIMS_UNSATISFIED = P + "claims_unsatisfied";

  // After the checks: status.

  /** Informational: the credential has a {@code status} claim and no status resolver is configured. */
  public static final String STATUS_NOT_CHECKED = P + "status_not_checked";
  /** Informational: the status resolver reported the credential valid. */
  public static final String STATUS_VALID = P + "status_valid";
  /** The status resolver reported the credential revoked or suspended. */
  public static final String STATUS_INVALID = P + "status_invalid";
  /** The status resolver could not determine the status (unknown, error, timeout). */
  public static final String STATUS_UNAVAILABLE = P + "status_unavailable";

  private static final Set<String> INFORMATIONAL = Set.of(STATUS_NOT_CHECKED, STATUS_VALID);

  private SdJwtReasons() {}

  /** Whether a code is informational (it does not make a presentation unverified). */
  public static boolean isInformational(String code) {
    return INFORMATIONAL.contains(code);
  }
}
