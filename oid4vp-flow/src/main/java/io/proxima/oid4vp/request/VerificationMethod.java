package io.proxima.oid4vp.request;

import com.nimbusds.jose.jwk.JWK;
import java.util.Objects;

/**
 * A DID's verification method, resolved offline.
 *
 * @param did the DID, e.g. {@code did:key:zDn...}
 * @param id the DID URL of the method, e.g. {@code did:key:zDn...#zDn...} or {@code did:jwk:...#0}
 * @param publicKey the public key (never a private one)
 */
public record VerificationMethod(String did, String id, JWK publicKey) {

  public VerificationMethod {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.isPrivate()) {
      throw new IllegalArgumentException("a verification method holds a public key only");
    }
  }
}
