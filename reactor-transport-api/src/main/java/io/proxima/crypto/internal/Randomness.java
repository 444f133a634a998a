package io.proxima.crypto.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The random source for keys and nonces: one DRBG seeded once from the operating system when
 * this class initialises. Afterwards it never touches the file system, so key generation is safe
 * on event-loop threads (the default NativePRNG reads /dev/urandom on every call).
 */
public final class Randomness {

  private static final SecureRandom RANDOM = create();

  private Randomness() {}

  /** The shared random source; thread-safe. */
  public static SecureRandom secureRandom() {
    return RANDOM;
  }

  /** {@code n} random bytes. */
  public static byte[] bytes(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  private static SecureRandom create() {
    SecureRandom random;
    try {
      random = SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      random = new SecureRandom();
    }
    // Forces the one-time seeding now, on whichever thread loads this class.
    random.nextBytes(new byte[1]);
    return random;
  }
}
