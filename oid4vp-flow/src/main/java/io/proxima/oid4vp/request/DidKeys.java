package io.proxima.oid4vp.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.proxima.oid4vp.error.DidResolutionException;
import io.proxima.oid4vp.internal.Base58;
import io.proxima.oid4vp.internal.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * did:key and did:jwk, both directions, offline.
 *
 * <ul>
 *   <li>did:key (W3C CCG did-method-key): {@code did:key:z} + base58btc(multicodec varint ||
 *       public key). Ed25519 is codec 0xed (varint {@code ed 01}) with the 32-byte key; P-256 is
 *       codec 0x1200 (varint {@code 80 24}) with the 33-byte compressed point (the 65-byte
 *       uncompressed form is accepted on input). The verification method is
 *       {@code did:key:X#X}.
 *   <li>did:jwk: {@code did:jwk:} + base64url(UTF-8 JSON of the public JWK), written with the
 *       required members in lexicographic order; the verification method is {@code did:jwk:...#0}.
 * </ul>
 */
public final class DidKeys {

  private static final String DID_KEY = "did:key:";
  private static final String DID_JWK = "did:jwk:";
  private static final byte[] ED25519_CODEC = {(byte) 0xed, 0x01};
  private static final byte[] P256_CODEC = {(byte) 0x80, 0x24};
  private static final int MAX_DID_LENGTH = 4096;
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");

  private DidKeys() {}

  /** The DID of a public key with the given method. */
  public static String did(JWK publicKey, DidMethod method) {
    return method == DidMethod.KEY ? didKey(publicKey) : didJwk(publicKey);
  }

  /**
   * The did:key of a P-256 or Ed25519 public key.
   *
   * @throws IllegalArgumentException for other key types
   */
  public static String didKey(JWK publicKey) {
    byte[] codecAndKey;
    if (publicKey instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      ECPoint point =
          P256.getCurve().createPoint(new BigInteger(1, ec.getX().decode()), new BigInteger(1, ec.getY().decode()));
      codecAndKey = concat(P256_CODEC, point.getEncoded(true));
    } else if (publicKey instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      codecAndKey = concat(ED25519_CODEC, okp.getX().decode());
    } else {
      throw new IllegalArgumentException("did:key supports P-256 and Ed25519 keys only, got " + publicKey.getKeyType());
    }
    return DID_KEY + "z" + Base58.encode(codecAndKey);
  }

  /** The did:jwk of a public key (private members are never included). */
  public static String didJwk(JWK publicKey) {
    JWK pub = publicKey.toPublicJWK();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (pub instanceof ECKey ec) {
      json.put("crv", ec.getCurve().getName());
      json.put("kty", "EC");
      json.put("x", ec.getX().toString());
      json.put("y", ec.getY().toString());
    } else if (pub instanceof OctetKeyPair okp) {
      json.put("crv", okp.getCurve().getName());
      json.put("kty", "OKP");
      json.put("x", okp.getX().toString());
    } else {
      throw new IllegalArgumentException("did:jwk here supports EC and OKP keys, got " + pub.getKeyType());
    }
    return DID_JWK + Base64URL.encode(Json.bytes(json));
  }

  /** The DID URL of the (single) verification method of a did:key or did:jwk. */
  public static String verificationMethodId(String did) {
    return resolve(did).id();
  }

  /**
   * Resolves a did:key or did:jwk, or a DID URL naming its verification method.
   *
   * @throws DidResolutionException if the DID is of another method, malformed, of an unsupported
   *     key type, or the DID URL names a fragment the DID does not have
   */
  public static VerificationMethod resolve(String didUrl) {
    if (didUrl.length() > MAX_DID_LENGTH) {
      throw new DidResolutionException("longer than " + MAX_DID_LENGTH + " characters");
    }
    int hash = didUrl.indexOf('#');
    String did = hash < 0 ? didUrl : didUrl.substring(0, hash);
    String fragment = hash < 0 ? null : didUrl.substring(hash + 1);
    VerificationMethod method;
    if (did.startsWith(DID_KEY)) {
      method = resolveDidKey(did);
    } else if (did.startsWith(DID_JWK)) {
      method = resolveDidJwk(did);
    } else {
      throw new DidResolutionException("only did:key and did:jwk resolve offline, got " + methodOf(did));
    }
    if (fragment != null && !method.id().equals(did + "#" + fragment)) {
      throw new DidResolutionException("the DID has no verification method #" + printable(fragment));
    }
    return method;
  }

  private static VerificationMethod resolveDidKey(String did) {
    String multibase = did.substring(DID_KEY.length());
    if (!multibase.startsWith("z")) {
      throw new DidResolutionException("did:key must be base58btc multibase (starting with z)");
    }
    byte[] bytes;
    try {
      bytes = Base58.decode(multibase.substring(1));
    } catch (IllegalArgumentException e) {
      throw new DidResolutionException("did:key is not valid base58btc");
    }
    JWK key;
    if (startsWith(bytes, ED25519_CODEC)) {
      byte[] raw = Arrays.copyOfRange(bytes, 2, bytes.length);
      if (raw.length != 32) {
        throw new DidResolutionException("Ed25519 did:key must hold 32 bytes, got " + raw.length);
      }
      key = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).build();
    } else if (startsWith(bytes, P256_CODEC)) {
      byte[] raw = Arrays.copyOfRange(bytes, 2, bytes.length);
      if (raw.length != 33 && raw.length != 65) {
        throw new DidResolutionException("P-256 did:key must hold a 33- or 65-byte point, got " + raw.length);
      }
      ECPoint point;
      try {
        point = P256.getCurve().decodePoint(raw).normalize();
      } catch (IllegalArgumentException e) {
        throw new DidResolutionException("P-256 did:key is not a point on the curve");
      }
      if (point.isInfinity() || !point.isValid()) {
        throw new DidResolutionException("P-256 did:key is not a valid point");
      }
      key =
          new ECKey.Builder(
                  Curve.P_256,
                  Base64URL.encode(fixed32(point.getAffineXCoord().getEncoded())),
                  Base64URL.encode(fixed32(point.getAffineYCoord().getEncoded())))
              .build();
    } else {
      String codec = bytes.length >= 2 ? String.format("%02x%02x", bytes[0], bytes[1]) : "none";
      throw new DidResolutionException("did:key multicodec " + codec + " is not P-256 or Ed25519");
    }
    return new VerificationMethod(did, did + "#" + multibase, key);
  }

  private static VerificationMethod resolveDidJwk(String did) {
    String encoded = did.substring(DID_JWK.length());
    JsonNode json;
    try {
      json = Json.parse(new String(new Base64URL(encoded).decode(), StandardCharsets.UTF_8));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new DidResolutionException("did:jwk does not hold base64url JSON");
    }
    if (!json.isObject()) {
      throw new DidResolutionException("did:jwk does not hold a JSON object");
    }
    if (json.has("d")) {
      throw new DidResolutionException("did:jwk holds a private key");
    }
    JWK key;
    try {
      key = JWK.parse(Json.text(json));
    } catch (ParseException e) {
      throw new DidResolutionException("did:jwk does not hold a valid JWK");
    }
    if (KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
      throw new DidResolutionException("did:jwk key is for encryption only");
    }
    boolean supported =
        (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()))
            || (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()));
    if (!supported) {
      throw new DidResolutionException("did:jwk key must be P-256 or Ed25519");
    }
    return new VerificationMethod(did, did + "#0", key.toPublicJWK());
  }

  private static String methodOf(String did) {
    if (!did.startsWith("did:")) {
      return "something that is not a DID";
    }
    int colon = did.indexOf(':', 4);
    return printable(colon < 0 ? did : did.substring(0, colon));
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static byte[] fixed32(byte[] b) {
    if (b.length == 32) {
      return b;
    }
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
