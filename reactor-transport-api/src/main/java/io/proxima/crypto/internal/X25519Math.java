package io.proxima.crypto.internal;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 (RFC 7748) on Bouncy Castle's low-level implementation. */
public final class X25519Math {

  /** Length of keys and of the shared secret. */
  public static final int KEY_LENGTH = X25519.POINT_SIZE;

  static {
    X25519.precompute();
  }

  private X25519Math() {}

  /** A new clamped private key. */
  public static byte[] generatePrivateKey(SecureRandom random) {
    byte[] k = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(random, k);
    return k;
  }

  /** The public key of {@code privateKey}. */
  public static byte[] publicKey(byte[] privateKey) {
    byte[] pub = new byte[X25519.POINT_SIZE];
    X25519.generatePublicKey(privateKey, 0, pub, 0);
    return pub;
  }

  /**
   * The shared secret, or {@code null} when it is all zeros (the peer key is a low-order point).
   * Both keys must be 32 bytes.
   */
  public static byte @org.jspecify.annotations.Nullable [] agree(byte[] privateKey, byte[] peerPublicKey) {
    byte[] z = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, z, 0)) {
      return null;
    }
    return z;
  }
}
