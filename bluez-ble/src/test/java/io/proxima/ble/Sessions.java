package io.proxima.ble;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.time.Duration;
import java.util.Random;
import reactor.core.publisher.Mono;

/** Full draft00 sessions over any pair of transports, driven from the test thread. */
public final class Sessions {

  public static final Duration WAIT = Duration.ofSeconds(20);

  private Sessions() {}

  /** Both ends of an accepted session and their draft00 crypto. */
  public record Pair(
      SessionListener listener,
      Engagement engagement,
      FrameConnection verifier,
      FrameConnection wallet,
      Draft00Session verifierCrypto,
      Draft00Session walletCrypto) {

    /** The verifier sends {@code request}; returns what the wallet decrypted. */
    public byte[] request(byte[] plaintext) {
      // The JSON string literal of PROTOCOL.md §2.6 is opaque to the transport.
      verifier.send(verifierCrypto.sealFrame(FrameKind.REQUEST, plaintext)).block(WAIT);
      Frame frame = wallet.receive().next().block(WAIT);
      assertThat(frame.kind()).isEqualTo(FrameKind.REQUEST);
      return walletCrypto.openFrame(frame);
    }

    /** The wallet submits {@code plaintext}; returns what the verifier decrypted. */
    public byte[] submit(byte[] plaintext) {
      wallet.send(walletCrypto.sealFrame(FrameKind.SUBMISSION, plaintext)).block(WAIT);
      Frame frame = verifier.receive().next().block(WAIT);
      assertThat(frame.kind()).isEqualTo(FrameKind.SUBMISSION);
      return verifierCrypto.openFrame(frame);
    }

    public void closeAll() {
      verifier.close().onErrorResume(e -> Mono.empty()).block(WAIT);
      wallet.close().onErrorResume(e -> Mono.empty()).block(WAIT);
      verifierCrypto.close();
      walletCrypto.close();
    }
  }

  /** Listens, connects, identifies and accepts. */
  public static Pair open(VerifierTransport verifierTransport, WalletTransport walletTransport) {
    X25519KeyPair keys = X25519KeyPair.generate();
    SessionId id = SessionId.random();
    SessionListener listener = verifierTransport.listen(id).block(WAIT);
    FrameConnection walletConnection = null;
    try {
      Engagement engagement = Engagement.builder().key(keys.publicKey()).endpoint(listener.endpoint()).build();
      Draft00Session wallet = Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), IdentifyVersion.V2);
      walletConnection = walletTransport.connect(engagement).block(WAIT);
      walletConnection.send(wallet.identify().toFrame()).block(WAIT);
      InboundIdentify attempt = listener.identifies().next().block(WAIT);
      Draft00Session verifier = Draft00Session.forVerifier(id, keys, Identify.decode(attempt.frame(), id));
      FrameConnection verifierConnection = attempt.accept().block(WAIT);
      return new Pair(listener, engagement, verifierConnection, walletConnection, verifier, wallet);
    } catch (RuntimeException | Error e) {
      // Leave nothing registered behind for the next test.
      listener.close().onErrorResume(x -> Mono.empty()).block(WAIT);
      if (walletConnection != null) {
        walletConnection.close().onErrorResume(x -> Mono.empty()).block(WAIT);
      }
      throw e;
    } finally {
      keys.destroy();
    }
  }

  /** Random bytes of a given size, repeatable by seed. */
  public static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
