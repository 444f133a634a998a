package io.proxima.ble;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.BleEndpoint;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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

  /** Listens, connects, identifies and accepts: the verifier advertises before the wallet scans. */
  public static Pair open(VerifierTransport verifierTransport, WalletTransport walletTransport) {
    X25519KeyPair keys = X25519KeyPair.generate();
    SessionId id = SessionId.random();
    try {
      SessionListener listener = verifierTransport.listen(id).block(WAIT);
      Engagement engagement = Engagement.builder().key(keys.publicKey()).endpoint(listener.endpoint()).build();
      return identifyAndAccept(id, keys, listener, engagement, () -> walletTransport.connect(engagement).block(WAIT));
    } finally {
      keys.destroy();
    }
  }

  /**
   * As {@link #open}, but the wallet starts scanning first and the verifier advertises once {@code
   * scanning} returned: the order that emulated controllers with one-shot advertising reports
   * (btvirt, bluez-vm README) need. A real verifier advertises first; real radios repeat.
   */
  public static Pair openScanningFirst(VerifierTransport verifierTransport, WalletTransport walletTransport, BleEndpoint endpoint, Runnable scanning) {
    X25519KeyPair keys = X25519KeyPair.generate();
    try {
      Engagement engagement = Engagement.builder().key(keys.publicKey()).endpoint(endpoint).build();
      SessionId id = engagement.sessionId();
      CompletableFuture<FrameConnection> connecting = walletTransport.connect(engagement).toFuture();
      SessionListener listener;
      try {
        scanning.run();
        listener = verifierTransport.listen(id, endpoint).block(WAIT);
      } catch (RuntimeException | Error e) {
        connecting.cancel(true);
        connecting.thenAccept(c -> c.close().subscribe(null, x -> {}));
        throw e;
      }
      return identifyAndAccept(id, keys, listener, engagement, () -> await(connecting));
    } finally {
      keys.destroy();
    }
  }

  private static FrameConnection await(CompletableFuture<FrameConnection> connecting) {
    try {
      return connecting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      connecting.cancel(true);
      throw new IllegalStateException("the wallet did not connect within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Pair identifyAndAccept(SessionId id, X25519KeyPair keys, SessionListener listener, Engagement engagement, Supplier<FrameConnection> connect) {
    FrameConnection walletConnection = null;
    try {
      Draft00Session wallet = Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), IdentifyVersion.V2);
      walletConnection = connect.get();
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
    }
  }

  /** Random bytes of a given size, repeatable by seed. */
  public static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
