package io.proxima.bench.session;

import io.proxima.bench.fixture.Payloads;
import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;

/**
 * The raw legs of the in-memory transport, its counterpart of {@link
 * io.proxima.bench.mqtt.PingPong}: one verifier/wallet connection pair set up once, then three
 * frames of the session's wire sizes (45 B, 1,536 B, 4,096 B), each sent from the delivering
 * thread when the previous one arrived. No crypto and no session setup or teardown: what the
 * transport's frame delivery alone costs. Leg 1 travels as a 45-byte frame on the established
 * connection, since Identify frames only go to a listener.
 *
 * <p>Each connection has one subscription to {@code receive()} for its whole life, like a
 * connection-level handler of an MQTT client.
 */
public final class InMemoryLegs implements AutoCloseable {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

  private final FrameConnection verifier;
  private final FrameConnection wallet;
  private final Frame leg1 = Frame.of(FrameKind.SUBMISSION, Payloads.rawIdentify());
  private final Frame leg2 = Frame.of(FrameKind.REQUEST, Payloads.rawRequest());
  private final Frame leg3 = Frame.of(FrameKind.SUBMISSION, Payloads.rawSubmission());
  private final AtomicReference<CompletableFuture<Integer>> pending = new AtomicReference<>();
  private final Disposable verifierInbound;
  private final Disposable walletInbound;

  private InMemoryLegs(FrameConnection verifier, FrameConnection wallet) {
    this.verifier = verifier;
    this.wallet = wallet;
    this.verifierInbound = verifier.receive().subscribe(this::verifierGot, this::failed);
    this.walletInbound = wallet.receive().subscribe(this::walletGot, this::failed);
  }

  /** Connects a pair through the transport. Blocking: call from a benchmark's setup. */
  public static InMemoryLegs open(InMemoryTransport transport) {
    SessionListener listener = transport.listen(SessionId.random()).block(SETUP_TIMEOUT);
    FrameConnection wallet =
        transport.connect(Engagement.builder().key(new byte[32]).endpoint(listener.endpoint()).build()).block(SETUP_TIMEOUT);
    wallet.send(Frame.of(FrameKind.IDENTIFY, Payloads.rawIdentify())).block(SETUP_TIMEOUT);
    FrameConnection verifier = listener.identifies().next().flatMap(i -> i.accept()).block(SETUP_TIMEOUT);
    return new InMemoryLegs(verifier, wallet);
  }

  /**
   * The three legs. The future completes with the size of the last frame when the verifier has
   * it, and fails if a frame of the wrong size arrives or a send fails. One exchange at a time: a
   * new one supersedes (fails) one still running.
   */
  public CompletableFuture<Integer> exchange() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    CompletableFuture<Integer> stale = pending.getAndSet(done);
    if (stale != null) {
      stale.completeExceptionally(new IllegalStateException("superseded by a new exchange before it completed"));
    }
    wallet.send(leg1).subscribe(null, this::failed);
    return done;
  }

  private void verifierGot(Frame f) {
    if (f.size() == leg1.size()) {
      verifier.send(leg2).subscribe(null, this::failed);
    } else if (f.size() == leg3.size()) {
      CompletableFuture<Integer> done = pending.getAndSet(null);
      if (done != null) {
        done.complete(f.size());
      }
    } else {
      failed(new IllegalStateException("verifier got " + f.size() + " bytes, expected " + leg1.size() + " or " + leg3.size()));
    }
  }

  private void walletGot(Frame f) {
    if (f.size() == leg2.size()) {
      wallet.send(leg3).subscribe(null, this::failed);
    } else {
      failed(new IllegalStateException("wallet got " + f.size() + " bytes, expected " + leg2.size()));
    }
  }

  private void failed(Throwable e) {
    CompletableFuture<Integer> done = pending.getAndSet(null);
    if (done != null) {
      done.completeExceptionally(e);
    }
  }

  /** Closes both connections. Blocking. */
  @Override
  public void close() {
    verifierInbound.dispose();
    walletInbound.dispose();
    wallet.close().block(SETUP_TIMEOUT);
    verifier.close().block(SETUP_TIMEOUT);
  }
}
