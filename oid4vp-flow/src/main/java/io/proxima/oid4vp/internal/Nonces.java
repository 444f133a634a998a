package io.proxima.oid4vp.internal;

import io.proxima.crypto.internal.Randomness;
import java.security.SecureRandom;

/** Random request nonces (PROTOCOL.md §3: 32 alphanumeric characters), from the project's DRBG. */
public final class Nonces {

  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Nonces() {}

  public static String alphanumeric(int length) {
    SecureRandom random = Randomness.secureRandom();
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
    }
    return new String(out);
  }
}
