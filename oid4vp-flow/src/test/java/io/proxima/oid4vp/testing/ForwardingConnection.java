package io.proxima.oid4vp.testing;

import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.TransportCapabilities;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link FrameConnection} that forwards everything; tests override what they tamper with. */
public class ForwardingConnection implements FrameConnection {

  protected final FrameConnection delegate;

  public ForwardingConnection(FrameConnection delegate) {
    this.delegate = delegate;
  }

  @Override
  public SessionId sessionId() {
    return delegate.sessionId();
  }

  @Override
  public Role role() {
    return delegate.role();
  }

  @Override
  public TransportType transportType() {
    return delegate.transportType();
  }

  @Override
  public TransportCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Flux<Frame> receive() {
    return delegate.receive();
  }

  @Override
  public Mono<Void> send(Publisher<Frame> frames) {
    return delegate.send(frames);
  }

  @Override
  public Flux<ConnectionState> state() {
    return delegate.state();
  }

  @Override
  public ConnectionState currentState() {
    return delegate.currentState();
  }

  @Override
  public Mono<Void> onClose() {
    return delegate.onClose();
  }

  @Override
  public Mono<Void> close() {
    return delegate.close();
  }
}
