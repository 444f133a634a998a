package io.proxima.transport;

import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link FrameConnection} that forwards every call to another one: the base for decorators
 * (moving delivery to a scheduler, counting, injecting faults in tests), which override only
 * what they change. {@link #send(Frame)} and {@link #dispose()} keep the interface's defaults, so
 * a decorator that overrides {@link #send(Publisher)} sees single frames too.
 */
public class ForwardingFrameConnection implements FrameConnection {

  protected final FrameConnection delegate;

  public ForwardingFrameConnection(FrameConnection delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
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

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
