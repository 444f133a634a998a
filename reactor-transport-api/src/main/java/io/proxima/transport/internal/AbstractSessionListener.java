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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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

  private final SessionId sessionId;
  private final TransportType transportType;
  private final EngagementEndpoint endpoint;
  private final Inbox<InboundIdentify> identifies;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final StateHolder state = new StateHolder();
  private final AtomicBoolean accepted = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private final Sinks.Empty<Void> releaseDone = Sinks.empty();
  private final AtomicLong dropped = new AtomicLong();
  private final Mono<Void> closeMono;

  protected AbstractSessionListener(
      SessionId sessionId, TransportType transportType, EngagementEndpoint endpoint, int identifyCapacity) {
    this.sessionId = sessionId;
    this.transportType = transportType;
    this.endpoint = endpoint;
    this.identifies = new Inbox<>(identifyCapacity);
    this.closeMono =
        Mono.defer(
                () -> {
                  if (accepted.get()) {
                    return closed.asMono().onErrorResume(e -> Mono.empty());
                  }
                  if (!released.compareAndSet(false, true)) {
                    // Released already or being released (after a failure): done when that is.
                    return releaseDone.asMono();
                  }
                  return doClose()
                      .onErrorResume(
                          e -> {
                            log.debug("[session {}] error while closing listener: {}", sessionId, e.toString());
                            return Mono.empty();
                          })
                      .doFinally(
                          s -> {
                            terminate(null);
                            releaseDone.tryEmitEmpty();
                          });
                })
            .cache();
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
    return state.flux();
  }

  @Override
  public final Mono<Void> onClose() {
    return closed.asMono();
  }

  @Override
  public final Mono<Void> close() {
    return closeMono;
  }

  /** How many Identify attempts were dropped because the buffer was full. */
  public final long droppedIdentifies() {
    return dropped.get();
  }

  @Override
  public final Mono<FrameConnection> accept(InboundIdentify identify) {
    return Mono.defer(
        () -> {
          if (identify.listener() != this) {
            return Mono.error(
                new ProtocolViolationException("Identify was received by another listener", sessionId));
          }
          if (state.current() == ConnectionState.CLOSED && !accepted.get()) {
            return Mono.error(new TransportClosedException("listener is closed", sessionId, null));
          }
          if (!accepted.compareAndSet(false, true)) {
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
                    if (released.compareAndSet(false, true)) {
                      doClose().subscribe(null, x -> {});
                    }
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
    if (accepted.get() || state.current() == ConnectionState.CLOSED) {
      return;
    }
    if (!identifies.offer(new InboundIdentify(this, frame, peer, token))) {
      long n = dropped.incrementAndGet();
      if (Long.bitCount(n) == 1) {
        log.warn("[session {}] Identify flood: {} attempts dropped so far", sessionId, n);
      }
    }
  }

  /** Whether an Identify was accepted. */
  protected final boolean isAccepted() {
    return accepted.get();
  }

  /** The transport failed before any accept. */
  protected final void fail(ProximaException cause) {
    if (accepted.get()) {
      return;
    }
    terminate(cause);
    if (released.compareAndSet(false, true)) {
      doClose()
          .doFinally(s -> releaseDone.tryEmitEmpty())
          .subscribe(null, e -> log.debug("[session {}] error while releasing: {}", sessionId, e.toString()));
    }
  }

  private void terminate(@Nullable ProximaException cause) {
    if (!state.set(ConnectionState.CLOSED)) {
      return;
    }
    if (cause == null) {
      identifies.complete();
    } else {
      identifies.error(cause);
    }
    if (cause == null) {
      closed.tryEmitEmpty();
    } else {
      closed.tryEmitError(cause);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + sessionId + ", " + transportType + ", " + state.current() + "]";
  }
}
