package io.proxima.crypto;

import io.proxima.crypto.internal.AesGcm;
import io.proxima.crypto.internal.Hkdf;
import io.proxima.crypto.internal.Randomness;
import io.proxima.crypto.internal.Sha256;
import io.proxima.error.DecryptionException;
import io.proxima.error.NonceReuseException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The keys of one draft00 session and the two messages they protect (PROTOCOL.md §2).
 *
 * <pre>
 *   Z          = X25519(own_priv, peer_pub)            (all zeros is refused)
 *   salt       = SHA-256(nonce)
 *   SKWallet   = HKDF-SHA256(Z, salt, "SKWallet", 32)   verifier -> wallet
 *   SKVerifier = HKDF-SHA256(Z, salt, "SKVerifier", 32) wallet -> verifier
 *   frame      = AES-256-GCM(key of the receiver, IV = nonce, AAD = empty) = ciphertext || tag
 * </pre>
 *
 * <p>The IV is fixed for the session, so each side may {@link #seal} exactly once; a second call
 * throws {@link NonceReuseException} instead of reusing the IV. {@link #open} may be called any
 * number of times (duplicates and forgeries on a shared topic are expected). {@link #close()}
 * overwrites the keys and the nonce. Instances are thread-safe.
 */
public final class Draft00Session implements AutoCloseable {

  private static final byte[] INFO_SK_WALLET = "SKWallet".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_SK_VERIFIER = "SKVerifier".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_AAD = new byte[0];
  private static final int KEY_LENGTH = 32;

  private final SessionId sessionId;
  private final Role role;
  private final Identify identify;
  private final byte[] sealKey;
  private final byte[] openKey;
  private final byte[] iv;
  private boolean sealed;
  private boolean closed;

  private Draft00Session(SessionId sessionId, Role role, Identify identify, byte[] z) {
    this.sessionId = sessionId;
    this.role = role;
    this.identify = identify;
    this.iv = identify.nonce();
    byte[] salt = Sha256.hash(iv);
    byte[] skWallet = Hkdf.deriveKey(z, salt, INFO_SK_WALLET, KEY_LENGTH);
    byte[] skVerifier = Hkdf.deriveKey(z, salt, INFO_SK_VERIFIER, KEY_LENGTH);
    Arrays.fill(z, (byte) 0);
    // A message is encrypted with the key named after its receiver.
    this.sealKey = role == Role.VERIFIER ? skWallet : skVerifier;
    this.openKey = role == Role.VERIFIER ? skVerifier : skWallet;
  }

  /**
   * The verifier's side, from its key pair and a received Identify. The key pair is not consumed:
   * a verifier keeps it to try further Identify messages if this one turns out to be bogus.
   *
   * @throws io.proxima.error.KeyAgreementException if the wallet key is a low-order point
   */
  public static Draft00Session forVerifier(SessionId sessionId, X25519KeyPair verifierKeys, Identify identify) {
    byte[] z = verifierKeys.agree(identify.walletPublicKey(), sessionId);
    return new Draft00Session(sessionId, Role.VERIFIER, identify, z);
  }

  /**
   * The wallet's side: a fresh key pair and nonce, and the Identify to send ({@link #identify()}).
   *
   * @throws io.proxima.error.KeyAgreementException if the verifier key is invalid
   */
  public static Draft00Session forWallet(SessionId sessionId, byte[] verifierPublicKey, IdentifyVersion version) {
    X25519KeyPair walletKeys = X25519KeyPair.generate();
    try {
      return forWallet(sessionId, walletKeys, Randomness.bytes(Identify.NONCE_LENGTH), verifierPublicKey, version);
    } finally {
      walletKeys.destroy();
    }
  }

  /**
   * The wallet's side from a given key pair and nonce (test vectors). Prefer
   * {@link #forWallet(SessionId, byte[], IdentifyVersion)}: a nonce must never repeat.
   */
  public static Draft00Session forWallet(
      SessionId sessionId,
      X25519KeyPair walletKeys,
      byte[] nonce,
      byte[] verifierPublicKey,
      IdentifyVersion version) {
    byte[] z = walletKeys.agree(verifierPublicKey, sessionId);
    Identify identify = Identify.of(walletKeys.publicKey(), nonce, version);
    return new Draft00Session(sessionId, Role.WALLET, identify, z);
  }

  public SessionId sessionId() {
    return sessionId;
  }

  /** The side this object encrypts for. */
  public Role role() {
    return role;
  }

  /** The Identify message of this session: to send (wallet) or as received (verifier). */
  public Identify identify() {
    return identify;
  }

  /** V1 or V2, as announced by the wallet's Identify. */
  public IdentifyVersion version() {
    return identify.version();
  }

  /**
   * Encrypts this side's one message.
   *
   * @throws NonceReuseException on the second call
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized byte[] seal(byte[] plaintext) {
    ensureOpen();
    if (sealed) {
      throw new NonceReuseException(
          "draft00 allows one encrypted message per direction; refusing to reuse the IV", sessionId);
    }
    sealed = true;
    return AesGcm.seal(sealKey, iv, NO_AAD, plaintext);
  }

  /**
   * Encrypts this side's one message as a frame of {@code kind}.
   *
   * @throws ProtocolViolationException if this role does not send that kind
   */
  public Frame sealFrame(FrameKind kind, byte[] plaintext) {
    if (kind.sender() != role || kind == FrameKind.IDENTIFY) {
      throw new ProtocolViolationException("a " + role + " does not send encrypted " + kind + " frames", sessionId);
    }
    return Frame.of(kind, seal(plaintext));
  }

  /**
   * Decrypts a message from the peer.
   *
   * @throws DecryptionException if it does not authenticate under this session's key
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized byte[] open(byte[] ciphertext) {
    ensureOpen();
    try {
      return AesGcm.open(openKey, iv, NO_AAD, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new DecryptionException(
          "frame of " + ciphertext.length + " bytes does not authenticate under the session key", sessionId, null);
    }
  }

  /**
   * Decrypts the payload of a frame from the peer.
   *
   * @throws ProtocolViolationException if this role does not receive that kind
   * @throws DecryptionException if it does not authenticate
   */
  public byte[] openFrame(Frame frame) {
    if (frame.kind().receiver() != role || frame.kind() == FrameKind.IDENTIFY) {
      throw new ProtocolViolationException(
          "a " + role + " does not receive encrypted " + frame.kind() + " frames", sessionId);
    }
    return open(frame.payload());
  }

  /** Whether {@link #seal} has been used. */
  public synchronized boolean hasSealed() {
    return sealed;
  }

  /** Overwrites the keys and the IV. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Arrays.fill(sealKey, (byte) 0);
      Arrays.fill(openKey, (byte) 0);
      Arrays.fill(iv, (byte) 0);
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("[session " + sessionId + "] draft00 session is closed");
    }
  }

  @Override
  public String toString() {
    return "Draft00Session[" + sessionId + ", " + role + ", " + identify.version() + (closed ? ", closed" : "") + "]";
  }
}
