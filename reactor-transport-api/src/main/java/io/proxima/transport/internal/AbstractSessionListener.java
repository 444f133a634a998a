package io.proxima.transport.internal;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.ProtocolViolationException;
import io.proxima.error.ProximaException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transport-independent part of a {@link SessionListener}: a bounded buffer of Identify
 * attempts that drops (and counts) the excess instead of failing, accept-once, state and
 * close-once. A transport implements {@link #doAccept} and {@link #doClose} and calls {@link
 * #identifyReceived} and {@link #fail}.
 */
public abstract class AbstractSessionListener implements SessionListener {

  /** Default number of unconsumed Identify attempts buffered before new ones are dropped. */
  public static final int DEFAULT_IDENTIFY_CAPACITY = 32;

  private static final Logger log = LoggerFactory.getLogger(AbstractSessionListener.class);
  private static final AtomicIntegerFieldUpdater<AbstractSessionListener> ACCEPTED =
      AtomicIntegerFieldUpdater.newUpdater(AbstractSessionListener.class, "accepted");
  private static final AtomicLongFieldUpdater<AbstractSessionListener> DROPPED =
      AtomicLongFieldUpdater.newUpdater(AbstractSessionListener.class, "dropped");

  private final SessionId sessionId;
  private final TransportType transportType;
  private final EngagementEndpoint endpoint;
  private final Inbox<InboundIdentify> identifies;
  private final Lifecycle lifecycle = new Lifecycle();
  private volatile int accepted;
  private volatile long dropped;

  protected AbstractSessionListener(
      SessionId sessionId, TransportType transportType, EngagementEndpoint endpoint, int identifyCapacity) {
    this.sessionId = sessionId;
    this.transportType = transportType;
    this.endpoint = endpoint;
    this.identifies = new Inbox<>(identifyCapacity);
  }

  @Override
  public final SessionId sessionId() {
    return sessionId;
  }

  @Override
  public final TransportType transportType() {
    return transportType;
  }

  @Override
  public final EngagementEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public final Flux<InboundIdentify> identifies() {
    return identifies.flux();
  }

  @Override
  public final Flux<ConnectionState> state() {
    return lifecycle.states();
  }

  @Override
  public final Mono<Void> onClose() {
    return lifecycle.onClose();
  }

  @Override
  public final Mono<Void> close() {
    return Mono.defer(
        () ->
            accepted != 0
                ? lifecycle.onClose().onErrorResume(e -> Mono.empty())
                : lifecycle.close(
                    this::doClose,
                    e -> log.debug("[session {}] error while closing listener: {}", sessionId, e.toString()),
                    () -> terminate(null)));
  }

  /** How many Identify attempts were dropped because the buffer was full. */
  public final long droppedIdentifies() {
    return dropped;
  }

  @Override
  public final Mono<FrameConnection> accept(InboundIdentify identify) {
    return Mono.defer(
        () -> {
          if (identify.listener() != this) {
            return Mono.error(
                new ProtocolViolationException("Identify was received by another listener", sessionId));
          }
          if (lifecycle.current() == ConnectionState.CLOSED && accepted == 0) {
            return Mono.error(new TransportClosedException("listener is closed", sessionId, null));
          }
          if (!ACCEPTED.compareAndSet(this, 0, 1)) {
            return Mono.error(new ProtocolViolationException("an Identify was already accepted", sessionId));
          }
          return doAccept(identify)
              .doOnSuccess(c -> terminate(null))
              .doOnError(
                  e -> {
                    ProximaException cause =
                        e instanceof ProximaException p
                            ? p
                            : new TransportClosedException("accept failed: " + e.getClass().getSimpleName(), sessionId, e);
                    terminate(cause);
                    lifecycle.releaseInBackground(this::doClose, x -> {});
                  });
        });
  }

  /**
   * Binds to the sender of {@code identify} and returns the connection, which takes over this
   * listener's resources. Called at most once.
   */
  protected abstract Mono<FrameConnection> doAccept(InboundIdentify identify);

  /** Releases what the listener holds (before any accept). Runs at most once. */
  protected abstract Mono<Void> doClose();

  /** An Identify frame arrived from {@code peer}. Dropped (and counted) when the buffer is full. */
  protected final void identifyReceived(Frame frame, String peer, Object token) {
    if (accepted != 0 || lifecycle.current() == ConnectionState.CLOSED) {
      return;
    }
    if (!identifies.offer(new InboundIdentify(this, frame, peer, token))) {
      long n = DROPPED.incrementAndGet(this);
      if (Long.bitCount(n) == 1) {
        log.warn("[session {}] Identify flood: {} attempts dropped so far", sessionId, n);
      }
    }
  }

  /** Whether an Identify was accepted. */
  protected final boolean isAccepted() {
    return accepted != 0;
  }

  /** The transport failed before any accept. */
  protected final void fail(ProximaException cause) {
    if (accepted != 0) {
      return;
    }
    terminate(cause);
    lifecycle.releaseInBackground(
        this::doClose, e -> log.debug("[session {}] error while releasing: {}", sessionId, e.toString()));
  }

  private void terminate(@Nullable ProximaException cause) {
    if (!lifecycle.terminate(cause)) {
      return;
    }
    if (cause == null) {
      identifies.complete();
    } else {
      identifies.error(cause);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + sessionId + ", " + transportType + ", " + lifecycle.current() + "]";
  }
}
