package io.proxima.sdjwt.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The module's Bouncy Castle JCA provider, not registered globally: only the module's ECDSA
 * verification and x5c chain validation use it. Why not the JDK's: SunEC of JDK 17 rejects some
 * valid P-256 signatures (Wycheproof), and the JDK's PKIX validator reads a properties file the
 * first time it runs (blocking I/O on whichever thread, an event loop included).
 */
final class BouncyCastle {

  static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
