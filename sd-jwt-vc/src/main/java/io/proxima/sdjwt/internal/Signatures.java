package io.proxima.sdjwt.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.proxima.crypto.internal.Randomness;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * The one signature path of the module: issuer-signed JWTs and Key Binding JWTs are verified
 * here, and the Wycheproof vectors run through {@link #verify(JWSHeader, byte[], Base64URL, JWK)}.
 * nimbus-jose-jwt does the cryptography (ECDSA on the Bouncy Castle provider, see below); this class adds the algorithm policy (asymmetric only:
 * no {@code none}, no HMAC, RFC 8725 §3.1) and the key-to-verifier mapping. Signing draws ECDSA
 * randomness from the project's DRBG, so it does no I/O.
 */
public final class Signatures {

  /** Algorithms accepted for issuer-signed JWTs and Key Binding JWTs. */
  public static final Set<JWSAlgorithm> ALLOWED =
      Set.of(
          JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519,
          JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
          JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

  /**
   * ECDSA verification runs on Bouncy Castle, not the JDK's SunEC: SunEC of JDK 17 (17.0.15)
   * rejects valid P-256 signatures whose x(kG) is at least n (Wycheproof ecdsa P1363 tcId 115
   * and 257; later JDKs accept them).
   */
  private static final Provider BOUNCY_CASTLE = BouncyCastle.PROVIDER;

  private Signatures() {}

  /** Whether the algorithm of a header is allowed. */
  public static boolean allowed(JWSAlgorithm algorithm) {
    return ALLOWED.contains(algorithm);
  }

  /** Verifies a parsed JWS with a public key; see {@link #verify(JWSHeader, byte[], Base64URL, JWK)}. */
  public static boolean verify(JWSObject jws, JWK key) {
    return verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature(), key);
  }

  /**
   * Whether {@code signature} is a valid signature of {@code signingInput} under {@code key} with
   * the header's algorithm. False (never an exception) for a disallowed algorithm, a key that does
   * not fit the algorithm, a malformed signature, or unknown critical header parameters.
   */
  public static boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature, JWK key) {
    if (!allowed(header.getAlgorithm())) {
      return false;
    }
    try {
      JWSVerifier verifier = verifier(key.toPublicJWK());
      if (verifier == null || !verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
        return false;
      }
      return verifier.verify(header, signingInput, signature);
    } catch (JOSEException | RuntimeException e) {
      return false;
    }
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException {
    if (key instanceof ECKey ec) {
      ECDSAVerifier verifier = new ECDSAVerifier(bouncyCastleKey(ec), null);
      verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
      return verifier;
    }
    if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return new Ed25519Verifier(okp);
    }
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    return null;
  }

  /**
   * The key as a Bouncy Castle key on its named curve. Handing Bouncy Castle a JDK key would make
   * it rebuild the curve for every verification, with a primality test that reads /dev/urandom
   * (blocking, and slow); its own keys carry the cached named-curve parameters.
   */
  private static ECPublicKey bouncyCastleKey(ECKey key) throws JOSEException {
    try {
      KeyFactory factory = KeyFactory.getInstance("EC", BOUNCY_CASTLE);
      return (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(key.toECPublicKey().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not a usable EC public key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The algorithm a private key signs with here: ES256/384/512 by curve, EdDSA, or PS256 for RSA. */
  public static JWSAlgorithm algorithmFor(JWK key) {
    if (key instanceof ECKey ec) {
      Curve curve = ec.getCurve();
      if (Curve.P_256.equals(curve)) {
        return JWSAlgorithm.ES256;
      }
      if (Curve.P_384.equals(curve)) {
        return JWSAlgorithm.ES384;
      }
      if (Curve.P_521.equals(curve)) {
        return JWSAlgorithm.ES512;
      }
    } else if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    } else if (key instanceof RSAKey) {
      return JWSAlgorithm.PS256;
    }
    throw new IllegalArgumentException("unsupported signing key: " + key.getKeyType() + describeCurve(key));
  }

  /**
   * A signer for a private key.
   *
   * @throws IllegalArgumentException if the key is public only or of an unsupported type
   */
  public static JWSSigner signer(JWK privateKey) {
    if (!privateKey.isPrivate()) {
      throw new IllegalArgumentException("signing needs a private key");
    }
    algorithmFor(privateKey);
    try {
      if (privateKey instanceof ECKey ec) {
        ECDSASigner signer = new ECDSASigner(ec);
        // The JDK default would read /dev/urandom on every signature (blocking on event loops).
        signer.getJCAContext().setSecureRandom(Randomness.secureRandom());
        return signer;
      }
      if (privateKey instanceof OctetKeyPair okp) {
        return new Ed25519Signer(okp);
      }
      RSASSASigner signer = new RSASSASigner((RSAKey) privateKey);
      signer.getJCAContext().setSecureRandom(Randomness.secureRandom());
      return signer;
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * Signs a payload as a compact JWS.
   *
   * @param header the header; its algorithm must fit the key
   * @throws IllegalStateException if signing fails
   */
  public static String sign(JWSHeader header, byte[] payload, JWK privateKey) {
    JWSObject jws = new JWSObject(header, new Payload(payload));
    try {
      jws.sign(signer(privateKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed: " + e.getMessage(), e);
    }
    return jws.serialize();
  }

  /** A header builder with the key's algorithm and the given {@code typ}. */
  public static JWSHeader.Builder header(JWK privateKey, String type) {
    return new JWSHeader.Builder(algorithmFor(privateKey)).type(new JOSEObjectType(type));
  }

  private static String describeCurve(JWK key) {
    if (key instanceof ECKey ec) {
      return " " + ec.getCurve();
    }
    if (key instanceof OctetKeyPair okp) {
      return " " + okp.getCurve();
    }
    return "";
  }
}
