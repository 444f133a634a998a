package io.proxima.bench.session;

import io.proxima.bench.fixture.Payloads;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import java.util.Arrays;

/**
 * The two-sided crypto floor of one session: exactly the crypto {@link Draft00Exchange} does,
 * on one thread with no transport. A session can never be cheaper than this.
 *
 * <pre>
 *   verifier key pair; session id
 *   wallet:   key pair, nonce, agreement, HKDF x2, Identify encoded
 *   verifier: Identify decoded, agreement, HKDF x2
 *   request   (1,520 B): verifier seals, wallet opens
 *   submission (4,080 B): wallet seals, verifier opens
 * </pre>
 */
public final class CryptoFloor {

  private static final byte[] REQUEST = Payloads.requestPlaintext();
  private static final byte[] SUBMISSION = Payloads.submissionPlaintext();

  private CryptoFloor() {}

  /** One session's crypto; returns the submission as the verifier decrypted it. */
  public static byte[] twoSided() {
    X25519KeyPair verifierKeys = X25519KeyPair.generate();
    SessionId id = SessionId.random();
    try (Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
        Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, Identify.decode(wallet.identify().encode(), id))) {
      byte[] request = wallet.open(verifier.seal(REQUEST));
      byte[] submission = verifier.open(wallet.seal(SUBMISSION));
      if (request.length != REQUEST.length || !Arrays.equals(submission, SUBMISSION)) {
        throw new IllegalStateException("crypto floor round trip did not return the plaintexts");
      }
      return submission;
    } finally {
      verifierKeys.destroy();
    }
  }
}
