package io.proxima.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869) on the JDK's HMAC. */
public final class Hkdf {

  /** Output length of SHA-256, and of each HKDF block. */
  public static final int HASH_LENGTH = 32;
  /** The largest output HKDF-SHA256 can produce. */
  public static final int MAX_LENGTH = 255 * HASH_LENGTH;

  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return JdkProviders.mac("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is not available", e);
            }
          });

  private Hkdf() {}

  /**
   * Extract-then-expand.
   *
   * @param salt may be empty, which means a block of zeros (RFC 5869 §2.2)
   * @throws IllegalArgumentException if {@code length} is negative or above {@link #MAX_LENGTH}
   */
  public static byte[] deriveKey(byte[] ikm, byte[] salt, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** HKDF-Extract: PRK = HMAC(salt, IKM). */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    Mac mac = HMAC.get();
    init(mac, salt.length == 0 ? new byte[HASH_LENGTH] : salt);
    return mac.doFinal(ikm);
  }

  /** HKDF-Expand: T(1) || T(2) || ... truncated to {@code length}. */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("HKDF-SHA256 output length must be 0.." + MAX_LENGTH + ", got " + length);
    }
    Mac mac = HMAC.get();
    init(mac, prk);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      Arrays.fill(block, (byte) 0);
      block = mac.doFinal();
      int n = Math.min(HASH_LENGTH, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }

  private static void init(Mac mac, byte[] key) {
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC key rejected", e);
    }
  }
}
