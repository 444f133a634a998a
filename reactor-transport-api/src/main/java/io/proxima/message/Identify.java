package io.proxima.message;

import io.proxima.error.MalformedFrameException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The wallet's Identify message (PROTOCOL.md §2.3), the only plaintext frame of a session:
 *
 * <pre>
 *   V2 (45 bytes): wallet_pub(32) || nonce(12) || 0x02
 *   V1 (44 bytes): wallet_pub(32) || nonce(12)
 * </pre>
 *
 * Any other length, or a 45-byte message whose last byte is not 0x02, is malformed.
 */
public final class Identify {

  /** Length of the wallet's X25519 public key. */
  public static final int PUBLIC_KEY_LENGTH = 32;
  /** Length of the nonce, which is also the AES-GCM IV of the session. */
  public static final int NONCE_LENGTH = 12;
  /** The trailing version byte of V2. */
  public static final byte V2_MARKER = 0x02;

  private final byte[] walletPublicKey;
  private final byte[] nonce;
  private final IdentifyVersion version;

  private Identify(byte[] walletPublicKey, byte[] nonce, IdentifyVersion version) {
    this.walletPublicKey = walletPublicKey;
    this.nonce = nonce;
    this.version = version;
  }

  /**
   * An Identify message from its parts.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes or the nonce not 12 bytes
   */
  public static Identify of(byte[] walletPublicKey, byte[] nonce, IdentifyVersion version) {
    Objects.requireNonNull(version, "version");
    if (walletPublicKey.length != PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("wallet public key must be 32 bytes, got " + walletPublicKey.length);
    }
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be 12 bytes, got " + nonce.length);
    }
    return new Identify(walletPublicKey.clone(), nonce.clone(), version);
  }

  /**
   * Decodes an Identify message; the version follows from the length.
   *
   * @param sessionId the session for the error message, if known
   * @throws MalformedFrameException with field {@code identify.length} or {@code identify.version}
   */
  public static Identify decode(byte[] bytes, @Nullable SessionId sessionId) {
    IdentifyVersion version;
    if (bytes.length == IdentifyVersion.V2.length()) {
      if (bytes[44] != V2_MARKER) {
        throw new MalformedFrameException(
            "identify.version", "45-byte Identify must end with 0x02", sessionId);
      }
      version = IdentifyVersion.V2;
    } else if (bytes.length == IdentifyVersion.V1.length()) {
      version = IdentifyVersion.V1;
    } else {
      throw new MalformedFrameException(
          "identify.length", "must be 44 (V1) or 45 (V2) bytes, got " + bytes.length, sessionId);
    }
    return new Identify(
        Arrays.copyOfRange(bytes, 0, PUBLIC_KEY_LENGTH),
        Arrays.copyOfRange(bytes, PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH + NONCE_LENGTH),
        version);
  }

  /** Decodes the payload of an {@link FrameKind#IDENTIFY} frame. */
  public static Identify decode(Frame frame, @Nullable SessionId sessionId) {
    if (frame.kind() != FrameKind.IDENTIFY) {
      throw new MalformedFrameException("frame.kind", "expected IDENTIFY, got " + frame.kind(), sessionId);
    }
    return decode(frame.payload(), sessionId);
  }

  /** The wire bytes. */
  public byte[] encode() {
    byte[] out = new byte[version.length()];
    System.arraycopy(walletPublicKey, 0, out, 0, PUBLIC_KEY_LENGTH);
    System.arraycopy(nonce, 0, out, PUBLIC_KEY_LENGTH, NONCE_LENGTH);
    if (version == IdentifyVersion.V2) {
      out[44] = V2_MARKER;
    }
    return out;
  }

  /** This message as an {@link FrameKind#IDENTIFY} frame. */
  public Frame toFrame() {
    return Frame.of(FrameKind.IDENTIFY, encode());
  }

  /** A copy of the wallet's X25519 public key. */
  public byte[] walletPublicKey() {
    return walletPublicKey.clone();
  }

  /** A copy of the nonce (the session's AES-GCM IV). */
  public byte[] nonce() {
    return nonce.clone();
  }

  public IdentifyVersion version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identify other
        && version == other.version
        && Arrays.equals(walletPublicKey, other.walletPublicKey)
        && Arrays.equals(nonce, other.nonce);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, Arrays.hashCode(walletPublicKey), Arrays.hashCode(nonce));
  }

  /** Shows the version only: the nonce is the session's IV and stays out of logs. */
  @Override
  public String toString() {
    return "Identify[" + version + "]";
  }
}
