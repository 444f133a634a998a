package io.proxima.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Looks up AES-GCM, HMAC and SHA-256 on the JDK's own providers, even when an application has put
 * Bouncy Castle first in the provider list: the JDK's intrinsic AES-GCM is far faster than a
 * pure-Java one.
 */
final class JdkProviders {

  private static final @Nullable Provider SUN_JCE = Security.getProvider("SunJCE");
  private static final @Nullable Provider SUN = Security.getProvider("SUN");

  private JdkProviders() {}

  static Cipher cipher(String transformation) throws GeneralSecurityException {
    return SUN_JCE != null ? Cipher.getInstance(transformation, SUN_JCE) : Cipher.getInstance(transformation);
  }

  static Mac mac(String algorithm) throws GeneralSecurityException {
    return SUN_JCE != null ? Mac.getInstance(algorithm, SUN_JCE) : Mac.getInstance(algorithm);
  }

  static MessageDigest digest(String algorithm) throws GeneralSecurityException {
    return SUN != null ? MessageDigest.getInstance(algorithm, SUN) : MessageDigest.getInstance(algorithm);
  }
}
