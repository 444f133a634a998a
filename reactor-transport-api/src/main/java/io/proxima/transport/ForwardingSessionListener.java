package io.proxima.transport;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionListener} that forwards every call to another one: the base for decorators,
 * which override only what they change. A decorator that wraps the Identify attempts usually
 * re-issues them with itself as listener and the original attempt as token, and unwraps the token
 * in {@link #accept(InboundIdentify)}.
 */
public class ForwardingSessionListener implements SessionListener {

  protected final SessionListener delegate;

  public ForwardingSessionListener(SessionListener delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public SessionId sessionId() {
    return delegate.sessionId();
  }

  @Override
  public TransportType transportType() {
    return delegate.transportType();
  }

  @Override
  public EngagementEndpoint endpoint() {
    return delegate.endpoint();
  }

  @Override
  public Flux<InboundIdentify> identifies() {
    return delegate.identifies();
  }

  @Override
  public Mono<FrameConnection> accept(InboundIdentify identify) {
    return delegate.accept(identify);
  }

  @Override
  public Flux<ConnectionState> state() {
    return delegate.state();
  }

  @Override
  public Mono<Void> close() {
    return delegate.close();
  }

  @Override
  public Mono<Void> onClose() {
    return delegate.onClose();
  }

  @Override
  public boolean isDisposed() {
    return delegate.isDisposed();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
