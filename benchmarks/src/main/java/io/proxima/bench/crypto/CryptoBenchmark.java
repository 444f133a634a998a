package io.proxima.bench.crypto;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The asymmetric part of the crypto floor: one side of draft00 setup through the project's own
 * classes, and X25519 on Bouncy Castle (what the project uses) side by side with the JDK's
 * {@code X25519} (SunEC), each doing the same work for the wire protocol: generate a key pair,
 * produce the raw 32-byte public key, take the peer's raw 32-byte key, agree.
 *
 * <p>SampleTime, reported by the median: on shared cores an operation that was preempted lands in
 * the tail instead of inflating a mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBenchmark {

  private final SessionId sessionId = SessionId.random();
  private byte[] peerPublicKey;
  private KeyPairGenerator jdkGenerator;
  private KeyFactory jdkKeyFactory;
  private KeyAgreement jdkAgreement;

  @Setup
  public void setUp() throws GeneralSecurityException {
    peerPublicKey = X25519KeyPair.generate().publicKey();
    jdkGenerator = KeyPairGenerator.getInstance("X25519");
    // The same kind of RNG as the project's (a seeded DRBG), so the curve arithmetic is compared.
    jdkGenerator.initialize(NamedParameterSpec.X25519, SecureRandom.getInstance("DRBG"));
    jdkKeyFactory = KeyFactory.getInstance("X25519");
    jdkAgreement = KeyAgreement.getInstance("X25519");
  }

  /**
   * One side of draft00 setup, the wallet's: X25519 key pair, nonce, agreement, SHA-256 of the
   * nonce, HKDF of SKWallet and SKVerifier, the Identify message.
   */
  @Benchmark
  public Draft00Session draft00OneSide() {
    return Draft00Session.forWallet(sessionId, peerPublicKey, IdentifyVersion.V2);
  }

  /** X25519 key generation and agreement on Bouncy Castle, through {@link X25519KeyPair}. */
  @Benchmark
  public byte[] x25519BouncyCastle() {
    X25519KeyPair own = X25519KeyPair.generate();
    byte[] ownPublic = own.publicKey();
    byte[] z = own.agree(peerPublicKey, sessionId);
    z[0] ^= ownPublic[0];
    return z;
  }

  /** The same on the JDK provider, including the conversions to and from raw 32-byte keys. */
  @Benchmark
  public byte[] x25519Jdk() throws GeneralSecurityException {
    KeyPair own = jdkGenerator.generateKeyPair();
    byte[] ownPublic = toRaw(((XECPublicKey) own.getPublic()).getU());
    jdkAgreement.init(own.getPrivate());
    jdkAgreement.doPhase(jdkKeyFactory.generatePublic(fromRaw(peerPublicKey)), true);
    byte[] z = jdkAgreement.generateSecret();
    z[0] ^= ownPublic[0];
    return z;
  }

  /** RFC 7748: the u-coordinate as 32 little-endian bytes. */
  static byte[] toRaw(BigInteger u) {
    byte[] be = u.toByteArray();
    byte[] le = new byte[X25519KeyPair.KEY_LENGTH];
    for (int i = 0; i < le.length && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /** RFC 7748: 32 little-endian bytes, top bit masked, as a public key spec. */
  static XECPublicKeySpec fromRaw(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    be[0] &= 0x7f;
    return new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be));
  }
}
