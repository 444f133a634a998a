package io.proxima.sdjwt.issuer;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.proxima.sdjwt.wallet.HeldCredential;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A freshly minted credential.
 *
 * @param sdJwt the issuer-signed JWT with every disclosure, ending with '~' (what an issuer hands a wallet)
 * @param holderKey the holder's private key when the credential was minted with a generated one, else null
 * @param issuerJwks the issuer's public key as a JWKS (what a verifier trusts)
 * @param issuer the {@code iss} of the credential
 * @param vct the credential type
 */
public record IssuedCredential(String sdJwt, @Nullable JWK holderKey, JWKSet issuerJwks, String issuer, String vct) {

  public IssuedCredential {
    Objects.requireNonNull(sdJwt, "sdJwt");
    Objects.requireNonNull(issuerJwks, "issuerJwks");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(vct, "vct");
  }

  /**
   * The credential as a wallet holds it.
   *
   * @throws IllegalStateException if it was minted without a generated holder key
   */
  public HeldCredential held() {
    if (holderKey == null) {
      throw new IllegalStateException("the credential was issued for a holder key this object does not have");
    }
    return HeldCredential.of(sdJwt, holderKey);
  }

  /**
   * Writes the credential, the holder key and the issuer JWKS into {@code directory}; see {@link
   * CredentialFiles#write}. Blocking I/O: call it at the edge.
   */
  public CredentialFiles writeTo(Path directory) {
    return CredentialFiles.write(directory, this);
  }

  /** Never prints the credential or the key. */
  @Override
  public String toString() {
    return "IssuedCredential[" + vct + ", " + issuer + "]";
  }
}
