package io.proxima.oid4vp.request;

import com.nimbusds.jose.JWSAlgorithm;

/** The key types a verifier can sign its requests with. */
public enum SigningKeyType {
  /** NIST P-256, signing with ES256. The default: every wallet verifies it. */
  P256(JWSAlgorithm.ES256),
  /** Ed25519, signing with EdDSA. */
  ED25519(JWSAlgorithm.EdDSA);

  private final JWSAlgorithm algorithm;

  SigningKeyType(JWSAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  /** The JWS algorithm requests are signed with. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }
}
