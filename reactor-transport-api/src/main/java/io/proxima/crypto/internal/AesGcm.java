package io.proxima.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with a 128-bit tag on the JDK provider. Output and input are {@code ciphertext || tag}. */
public final class AesGcm {

  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private AesGcm() {}

  /** Encrypts; the caller guarantees that this key and IV have never encrypted before. */
  public static byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
    try {
      Cipher cipher = JdkProviders.cipher(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
      if (aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decrypts and authenticates.
   *
   * @throws AEADBadTagException if the ciphertext, tag, key, IV or AAD do not match
   * @throws GeneralSecurityException if the key or IV are unusable
   */
  public static byte[] open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertextAndTag)
      throws GeneralSecurityException {
    if (ciphertextAndTag.length < TAG_LENGTH) {
      throw new AEADBadTagException("input shorter than the tag");
    }
    Cipher cipher = JdkProviders.cipher(TRANSFORMATION);
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
    if (aad.length > 0) {
      cipher.updateAAD(aad);
    }
    return cipher.doFinal(ciphertextAndTag);
  }
}
