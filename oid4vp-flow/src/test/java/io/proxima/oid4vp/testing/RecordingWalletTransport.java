package io.proxima.oid4vp.testing;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.transport.ForwardingFrameConnection;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.WalletTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Wraps a wallet transport: records every frame its connections send and receive, and lets a
 * test inject frames in front of what the verifier sends.
 */
public final class RecordingWalletTransport implements WalletTransport {

  private final WalletTransport delegate;
  private final List<Frame> sent = new CopyOnWriteArrayList<>();
  private final List<Frame> received = new CopyOnWriteArrayList<>();
  private final List<Frame> injected;
  private final UnaryOperator<FrameConnection> tamper;

  private RecordingWalletTransport(WalletTransport delegate, List<Frame> injected, UnaryOperator<FrameConnection> tamper) {
    this.delegate = delegate;
    this.injected = injected;
    this.tamper = tamper;
  }

  public static RecordingWalletTransport of(WalletTransport delegate) {
    return new RecordingWalletTransport(delegate, List.of(), c -> c);
  }

  /** The same, with each connection passed through {@code wrapper} (outermost). */
  public RecordingWalletTransport tampering(UnaryOperator<FrameConnection> wrapper) {
    return new RecordingWalletTransport(delegate, injected, wrapper);
  }

  /** The same, with frames delivered to the wallet before anything from the verifier (a third party on the topic). */
  public RecordingWalletTransport injecting(Frame... frames) {
    return new RecordingWalletTransport(delegate, List.of(frames), tamper);
  }

  public List<Frame> sent() {
    return sent;
  }

  public List<Frame> received() {
    return received;
  }

  @Override
  public TransportType type() {
    return delegate.type();
  }

  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    return delegate.connect(engagement).<FrameConnection>map(c -> new ForwardingFrameConnection(c) {
      private boolean first = true;

      @Override
      public Flux<Frame> receive() {
        Flux<Frame> upstream = delegate.receive();
        synchronized (this) {
          if (first) {
            first = false;
            upstream = Flux.fromIterable(injected).concatWith(upstream);
          }
        }
        return upstream.doOnNext(received::add);
      }

      @Override
      public Mono<Void> send(Publisher<Frame> frames) {
        return delegate.send(Flux.from(frames).doOnNext(sent::add));
      }
    }).map(tamper);
  }
}
