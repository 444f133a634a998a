package io.proxima.sdjwt;

import io.proxima.oid4vp.dcql.CredentialQuery;
import java.util.Set;

/** Identifiers of the SD-JWT VC format (IETF SD-JWT VC, RFC 9901 SD-JWT, OpenID4VP 1.0 §B.3). */
public final class SdJwtVc {

  /** The OpenID4VP credential format identifier. */
  public static final String FORMAT = CredentialQuery.FORMAT_SD_JWT;
  /** The format identifier of earlier drafts, still sent by many wallets and verifiers. */
  public static final String LEGACY_FORMAT = CredentialQuery.FORMAT_SD_JWT_LEGACY;
  /** Both format identifiers: a validator or presenter handles both alike. */
  public static final Set<String> FORMATS = Set.of(FORMAT, LEGACY_FORMAT);

  /** The JWS {@code typ} of an issuer-signed SD-JWT VC. */
  public static final String TYPE = "dc+sd-jwt";
  /** The {@code typ} of earlier drafts, accepted on input. */
  public static final String LEGACY_TYPE = "vc+sd-jwt";
  /** The JWS {@code typ} of a Key Binding JWT. */
  public static final String KEY_BINDING_TYPE = "kb+jwt";
  /** The only disclosure digest algorithm accepted ({@code _sd_alg}; also the default when absent). */
  public static final String HASH_ALGORITHM = "sha-256";

  /**
   * Registered claims that must not be selectively disclosed in an SD-JWT VC (SD-JWT VC §3.2.2.2):
   * a disclosure for one of them at the top level makes the credential invalid.
   */
  public static final Set<String> NON_DISCLOSABLE_CLAIMS =
      Set.of("iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status");

  private SdJwtVc() {}
}
