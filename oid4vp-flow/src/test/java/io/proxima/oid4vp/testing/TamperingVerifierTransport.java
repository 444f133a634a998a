package io.proxima.oid4vp.testing;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import io.proxima.transport.ForwardingSessionListener;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Wraps a verifier transport so that a test can tamper with the connections it accepts. */
public final class TamperingVerifierTransport implements VerifierTransport {

  private final VerifierTransport delegate;
  private final UnaryOperator<FrameConnection> tamper;

  public TamperingVerifierTransport(VerifierTransport delegate, UnaryOperator<FrameConnection> tamper) {
    this.delegate = delegate;
    this.tamper = tamper;
  }

  @Override
  public TransportType type() {
    return delegate.type();
  }

  @Override
  public Mono<SessionListener> listen(SessionId sessionId) {
    return delegate.listen(sessionId).map(Listener::new);
  }

  @Override
  public Mono<SessionListener> listen(SessionId sessionId, EngagementEndpoint endpoint) {
    return delegate.listen(sessionId, endpoint).map(Listener::new);
  }

  private final class Listener extends ForwardingSessionListener {

    Listener(SessionListener inner) {
      super(inner);
    }

    @Override
    public Flux<InboundIdentify> identifies() {
      return delegate.identifies().map(original -> new InboundIdentify(this, original.frame(), original.peer(), original));
    }

    @Override
    public Mono<FrameConnection> accept(InboundIdentify identify) {
      return delegate.accept((InboundIdentify) identify.token()).map(tamper);
    }
  }
}
