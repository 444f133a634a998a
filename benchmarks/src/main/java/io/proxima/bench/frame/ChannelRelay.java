package io.proxima.bench.frame;

import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;

/**
 * Frames bounced over an established channel: a verifier and a wallet {@link FrameConnection} of
 * one accepted session, each with one subscription to {@code receive()} for its whole life. An
 * exchange sends {@code legs} frames of one size alternately (wallet SUBMISSION, verifier
 * REQUEST, ...), each sent from the receiving side's delivery callback when the previous one
 * arrived, as {@link RawRelay} does with raw client publishes. No crypto: the frames carry opaque
 * bytes of a sealed frame's size.
 */
public final class ChannelRelay implements AutoCloseable {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

  private final FrameConnection verifier;
  private final FrameConnection wallet;
  private final Frame toVerifier;
  private final Frame toWallet;
  private final Disposable verifierInbound;
  private final Disposable walletInbound;
  private final AtomicReference<CompletableFuture<Integer>> pending = new AtomicReference<>();
  private final AtomicInteger remaining = new AtomicInteger();

  private ChannelRelay(FrameConnection verifier, FrameConnection wallet, int size) {
    this.verifier = verifier;
    this.wallet = wallet;
    this.toVerifier = Frame.of(FrameKind.SUBMISSION, new byte[size]);
    this.toWallet = Frame.of(FrameKind.REQUEST, new byte[size]);
    this.verifierInbound = verifier.receive().subscribe(f -> arrived(f, verifier, toWallet), this::failed);
    this.walletInbound = wallet.receive().subscribe(f -> arrived(f, wallet, toVerifier), this::failed);
  }

  /**
   * Sets up one session through the transports (listen, connect, Identify, accept) and returns
   * its established channel. Blocking: call from a benchmark's setup.
   */
  public static ChannelRelay open(VerifierTransport verifierTransport, WalletTransport walletTransport, int frameSize) {
    SessionId id = SessionId.random();
    SessionListener listener = verifierTransport.listen(id).block(SETUP_TIMEOUT);
    try {
      Engagement engagement =
          Engagement.builder().key(X25519KeyPair.generate().publicKey()).endpoint(listener.endpoint()).build();
      FrameConnection wallet = walletTransport.connect(engagement).block(SETUP_TIMEOUT);
      byte[] identify = new byte[45];
      identify[44] = 0x02;
      wallet.send(Frame.of(FrameKind.IDENTIFY, identify)).block(SETUP_TIMEOUT);
      FrameConnection verifier = listener.identifies().next().flatMap(i -> i.accept()).block(SETUP_TIMEOUT);
      return new ChannelRelay(verifier, wallet, frameSize);
    } catch (RuntimeException e) {
      listener.close().onErrorResume(x -> reactor.core.publisher.Mono.empty()).block(SETUP_TIMEOUT);
      throw e;
    }
  }

  /**
   * Bounces {@code legs} frames, the first from the wallet. The future completes with the size of
   * the last frame when it arrived, and fails if a send fails or a frame of another size arrives.
   * One exchange at a time.
   */
  public CompletableFuture<Integer> exchange(int legs) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    CompletableFuture<Integer> stale = pending.getAndSet(done);
    if (stale != null) {
      stale.completeExceptionally(new IllegalStateException("superseded by a new exchange before it completed"));
    }
    remaining.set(legs);
    wallet.send(toVerifier).subscribe(null, this::failed);
    return done;
  }

  private void arrived(Frame frame, FrameConnection receiver, Frame reply) {
    if (frame.size() != reply.size()) {
      failed(new IllegalStateException("a frame of " + frame.size() + " bytes arrived, expected " + reply.size()));
      return;
    }
    if (remaining.decrementAndGet() > 0) {
      receiver.send(reply).subscribe(null, this::failed);
      return;
    }
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.complete(frame.size());
    }
  }

  private void failed(Throwable e) {
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.completeExceptionally(e);
    }
  }

  /** Closes both ends of the channel. Blocking. */
  @Override
  public void close() {
    verifierInbound.dispose();
    walletInbound.dispose();
    try {
      wallet.close().block(SETUP_TIMEOUT);
    } finally {
      verifier.close().block(SETUP_TIMEOUT);
    }
  }
}
