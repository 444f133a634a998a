package io.proxima.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** SHA-256 on the JDK provider. */
public final class Sha256 {

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return JdkProviders.digest("SHA-256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("SHA-256 is not available", e);
            }
          });

  private Sha256() {}

  public static byte[] hash(byte[] input) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest.digest(input);
  }
}
