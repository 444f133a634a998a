package io.proxima.crypto;

import io.proxima.crypto.internal.Randomness;
import io.proxima.crypto.internal.X25519Math;
import io.proxima.error.KeyAgreementException;
import io.proxima.message.SessionId;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * An ephemeral X25519 key pair (RFC 7748), one per session and side. The private key never leaves
 * this object; {@link #destroy()} overwrites it.
 */
public final class X25519KeyPair implements Destroyable {

  /** Length of X25519 keys and shared secrets. */
  public static final int KEY_LENGTH = X25519Math.KEY_LENGTH;

  private final byte[] privateKey;
  private final byte[] publicKey;
  private volatile boolean destroyed;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = X25519Math.publicKey(privateKey);
  }

  /** A fresh key pair from the process-wide DRBG. Does no I/O. */
  public static X25519KeyPair generate() {
    return new X25519KeyPair(X25519Math.generatePrivateKey(Randomness.secureRandom()));
  }

  /**
   * A key pair from a known private key (test vectors, persisted keys). The key is copied.
   *
   * @throws IllegalArgumentException if it is not 32 bytes
   */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes, got " + privateKey.length);
    }
    return new X25519KeyPair(privateKey.clone());
  }

  /** A copy of the public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The shared secret Z with a peer's public key.
   *
   * @param sessionId for the error message, if known
   * @throws KeyAgreementException if the peer key is not 32 bytes or Z is all zeros
   * @throws IllegalStateException if this key pair was destroyed
   */
  public byte[] agree(byte[] peerPublicKey, @Nullable SessionId sessionId) {
    if (destroyed) {
      throw new IllegalStateException("key pair was destroyed");
    }
    if (peerPublicKey.length != KEY_LENGTH) {
      throw new KeyAgreementException(
          "peer public key must be 32 bytes, got " + peerPublicKey.length, sessionId);
    }
    byte[] z = X25519Math.agree(privateKey, peerPublicKey);
    if (z == null) {
      throw new KeyAgreementException(
          "peer public key is a low-order point (all-zero shared secret)", sessionId);
    }
    return z;
  }

  /** Overwrites the private key. Idempotent. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(privateKey, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Never shows the private key. */
  @Override
  public String toString() {
    return "X25519KeyPair[" + (destroyed ? "destroyed" : "live") + "]";
  }
}
