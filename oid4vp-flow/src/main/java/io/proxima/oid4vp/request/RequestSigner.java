package io.proxima.oid4vp.request;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.proxima.crypto.internal.Randomness;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.error.RequestSigningException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The verifier's identity for signing request objects (PROTOCOL.md §3): a private key, the DID
 * derived from it, and the DID URL that goes into the JWS header {@code kid}. Immutable and
 * thread-safe; one signer serves every session of a verifier. Signing does no I/O (ECDSA draws
 * its randomness from the project's DRBG), so it is safe on event loops.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.generate();                       // P-256, did:key, ES256
 * RequestSigner ed = RequestSigner.generate(SigningKeyType.ED25519, DidMethod.JWK);
 * }</pre>
 */
public final class RequestSigner {

  /** The JWS {@code typ} of a request object. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("oauth-authz-req+jwt");

  private final JWK privateKey;
  private final String did;
  private final String keyId;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;

  private RequestSigner(JWK privateKey, DidMethod method) {
    this.privateKey = privateKey;
    this.did = DidKeys.did(privateKey.toPublicJWK(), method);
    this.keyId = DidKeys.verificationMethodId(did);
    try {
      if (privateKey instanceof ECKey ec) {
        this.algorithm = JWSAlgorithm.ES256;
        ECDSASigner ecdsa = new ECDSASigner(ec);
        // The JDK default would read /dev/urandom on every signature (blocking on event loops).
        ecdsa.getJCAContext().setSecureRandom(Randomness.secureRandom());
        this.signer = ecdsa;
      } else {
        this.algorithm = JWSAlgorithm.EdDSA;
        this.signer = new Ed25519Signer((OctetKeyPair) privateKey);
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** A fresh P-256 key with a did:key identity, signing ES256: the default verifier identity. */
  public static RequestSigner generate() {
    return generate(SigningKeyType.P256, DidMethod.KEY);
  }

  /** A fresh key of the given type with an identity of the given DID method. */
  public static RequestSigner generate(SigningKeyType type, DidMethod method) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(method, "method");
    try {
      JWK key;
      if (type == SigningKeyType.P256) {
        key = new ECKeyGenerator(Curve.P_256).secureRandom(Randomness.secureRandom()).generate();
      } else {
        byte[] seed = Randomness.bytes(32);
        try {
          Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
          key =
              new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pair.getPublicKey()))
                  .d(Base64URL.encode(pair.getPrivateKey()))
                  .build();
        } finally {
          Arrays.fill(seed, (byte) 0);
        }
      }
      return new RequestSigner(key, method);
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("key generation failed: " + e.getMessage(), e);
    }
  }

  /**
   * A signer for an existing private key: P-256 ({@link ECKey}) or Ed25519 ({@link OctetKeyPair}).
   *
   * @throws IllegalArgumentException if the key is public only or of another type
   */
  public static RequestSigner of(JWK privateKey, DidMethod method) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(method, "method");
    if (!privateKey.isPrivate()) {
      throw new IllegalArgumentException("a request signer needs a private key");
    }
    boolean supported =
        (privateKey instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()))
            || (privateKey instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()));
    if (!supported) {
      throw new IllegalArgumentException("request signing keys are P-256 or Ed25519");
    }
    return new RequestSigner(privateKey, method);
  }

  /** The verifier's DID: {@code iss}, and {@code client_id} after its prefix. */
  public String did() {
    return did;
  }

  /** The DID URL of the signing key: the JWS header {@code kid}. */
  public String keyId() {
    return keyId;
  }

  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The public key. */
  public JWK publicKey() {
    return privateKey.toPublicJWK();
  }

  /**
   * Signs claims as a request object: header {@code alg}, {@code kid} = {@link #keyId()},
   * {@code typ} = {@code oauth-authz-req+jwt}.
   *
   * @param sessionId for the error message, if any
   * @throws RequestSigningException if the signature cannot be made
   */
  public String sign(JWTClaimsSet claims, @Nullable SessionId sessionId) {
    JWSHeader header = new JWSHeader.Builder(algorithm).type(TYPE).keyID(keyId).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new RequestSigningException("signing the request object failed: " + e.getMessage(), sessionId, e);
    }
    return jwt.serialize();
  }

  /** Shows the DID, never the key. */
  @Override
  public String toString() {
    return "RequestSigner[" + did + ", " + algorithm + "]";
  }
}
