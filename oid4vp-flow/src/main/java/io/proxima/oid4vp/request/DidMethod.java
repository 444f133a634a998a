package io.proxima.oid4vp.request;

/** The DID methods a verifier's identity can use here; both resolve offline. */
public enum DidMethod {
  /** {@code did:key}: multicodec public key in base58btc (P-256 and Ed25519 supported). */
  KEY,
  /** {@code did:jwk}: the public JWK, base64url-encoded. */
  JWK
}
