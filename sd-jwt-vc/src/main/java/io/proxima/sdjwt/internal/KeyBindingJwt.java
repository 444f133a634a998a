package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.sdjwt.SdJwtVc;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Creates Key Binding JWTs (RFC 9901 §4.3): {@code typ} kb+jwt; {@code iat}, {@code aud}, {@code nonce}, {@code sd_hash}. */
public final class KeyBindingJwt {

  private KeyBindingJwt() {}

  /**
   * Signs a Key Binding JWT with the holder's private key.
   *
   * @param sdHash the {@code sd_hash} of the SD-JWT it is appended to
   * @param audience the verifier's {@code client_id}
   * @param nonce the request nonce
   * @param issuedAt {@code iat} (whole seconds)
   */
  public static String create(JWK holderKey, String sdHash, String audience, String nonce, Instant issuedAt) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("iat", issuedAt.getEpochSecond());
    payload.put("aud", audience);
    payload.put("nonce", nonce);
    payload.put("sd_hash", sdHash);
    return create(holderKey, payload);
  }

  /** Signs an arbitrary payload as a Key Binding JWT (tests and tools that need an unusual one). */
  public static String create(JWK holderKey, ObjectNode payload) {
    return Signatures.sign(
        Signatures.header(holderKey, SdJwtVc.KEY_BINDING_TYPE).build(), Json.text(payload).getBytes(StandardCharsets.UTF_8), holderKey);
  }
}
