package io.proxima.cli.gateway;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.SessionId;
import io.proxima.transport.ForwardingFrameConnection;
import io.proxima.transport.ForwardingSessionListener;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Transports whose inbound Identify attempts and frames are handed to a scheduler instead of the
 * thread they arrived on. One MQTT connection delivers every session's messages on its single
 * Vert.x event loop, and the flow does its work where messages arrive: key agreement and request
 * signing on Identify, decryption and credential verification on a submission. Without this, a
 * gateway runs the crypto of all its sessions on one core (measured: one event loop thread at
 * 100% while the machine idles); with it, on every core of {@link
 * reactor.core.scheduler.Schedulers#parallel()}. The vertx-mqtt README asks for exactly this
 * ("do heavy work with publishOn").
 *
 * <p>Each element moves on its own, requested one at a time from the source, so a subscriber that
 * takes one frame and cancels leaves the rest in the transport's buffer, as the transport SPI
 * promises (a prefetching {@code publishOn} would swallow them).
 */
public final class Offloading {

  private Offloading() {}

  /** The verifier side of {@code transport}, its listeners' attempts and connections' frames on {@code scheduler}. */
  public static VerifierTransport verifier(VerifierTransport transport, Scheduler scheduler) {
    return new Verifier(transport, scheduler);
  }

  /** The wallet side of {@code transport}, its connections' frames on {@code scheduler}. */
  public static WalletTransport wallet(WalletTransport transport, Scheduler scheduler) {
    return new Wallet(transport, scheduler);
  }

  private static <T> Flux<T> on(Flux<T> source, Scheduler scheduler) {
    return source.concatMap(t -> Mono.just(t).publishOn(scheduler), 0);
  }

  private record Verifier(VerifierTransport delegate, Scheduler scheduler) implements VerifierTransport {
    @Override
    public TransportType type() {
      return delegate.type();
    }

    @Override
    public Mono<SessionListener> listen(SessionId sessionId) {
      return delegate.listen(sessionId).map(l -> new Listener(l, scheduler));
    }

    @Override
    public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
      return delegate.listen(sessionId, endpoint).map(l -> new Listener(l, scheduler));
    }
  }

  private record Wallet(WalletTransport delegate, Scheduler scheduler) implements WalletTransport {
    @Override
    public TransportType type() {
      return delegate.type();
    }

    @Override
    public boolean supports(Engagement engagement) {
      return delegate.supports(engagement);
    }

    @Override
    public Mono<FrameConnection> connect(Engagement engagement) {
      return delegate.connect(engagement).map(c -> new Connection(c, scheduler));
    }
  }

  /** A listener whose attempts carry it (so {@code attempt.accept()} comes back here) and the original as token. */
  private static final class Listener extends ForwardingSessionListener {
    private final Scheduler scheduler;

    Listener(SessionListener delegate, Scheduler scheduler) {
      super(delegate);
      this.scheduler = scheduler;
    }

    @Override
    public Flux<InboundIdentify> identifies() {
      return on(delegate.identifies().map(i -> new InboundIdentify(this, i.frame(), i.peer(), i)), scheduler);
    }

    @Override
    public Mono<FrameConnection> accept(InboundIdentify identify) {
      Object original = identify.listener() == this ? identify.token() : identify;
      return delegate.accept((InboundIdentify) Objects.requireNonNull(original)).map(c -> new Connection(c, scheduler));
    }

    @Override
    public String toString() {
      return "Offloaded" + delegate;
    }
  }

  private static final class Connection extends ForwardingFrameConnection {
    private final Scheduler scheduler;

    Connection(FrameConnection delegate, Scheduler scheduler) {
      super(delegate);
      this.scheduler = scheduler;
    }

    @Override
    public Flux<Frame> receive() {
      return on(delegate.receive(), scheduler);
    }

    /** Straight to the transport's own single-frame path (the per-frame cost benchmark's). */
    @Override
    public Mono<Void> send(Frame frame) {
      return delegate.send(frame);
    }

    @Override
    public String toString() {
      return "Offloaded" + delegate;
    }
  }
}
