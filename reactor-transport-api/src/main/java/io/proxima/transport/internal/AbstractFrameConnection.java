package io.proxima.transport.internal;

import io.proxima.engagement.TransportType;
import io.proxima.error.BufferOverflowException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.error.ProximaException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transport-independent part of a {@link FrameConnection}: a bounded inbound buffer that
 * fails the connection (only this one) on overflow, the state, checks on outgoing frames, and
 * close-once. A transport implements {@link #doSend} and {@link #doClose} and calls {@link
 * #deliver}, {@link #interrupted}, {@link #resumed}, {@link #peerClosed} and {@link #fail} as
 * things happen on its link.
 */
public abstract class AbstractFrameConnection implements FrameConnection {

  /** Default number of inbound frames buffered before the connection fails. */
  public static final int DEFAULT_INBOUND_CAPACITY = 64;

  private static final Logger log = LoggerFactory.getLogger(AbstractFrameConnection.class);

  private final SessionId sessionId;
  private final Role role;
  private final TransportType transportType;
  private final TransportCapabilities capabilities;
  private final int inboundCapacity;
  private final Inbox<Frame> inbound;
  private final Lifecycle lifecycle = new Lifecycle();

  protected AbstractFrameConnection(
      SessionId sessionId,
      Role role,
      TransportType transportType,
      TransportCapabilities capabilities,
      int inboundCapacity) {
    this.sessionId = sessionId;
    this.role = role;
    this.transportType = transportType;
    this.capabilities = capabilities;
    this.inboundCapacity = inboundCapacity;
    this.inbound = new Inbox<>(inboundCapacity);
  }

  @Override
  public final SessionId sessionId() {
    return sessionId;
  }

  @Override
  public final Role role() {
    return role;
  }

  @Override
  public final TransportType transportType() {
    return transportType;
  }

  @Override
  public final TransportCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public final Flux<Frame> receive() {
    return inbound.flux();
  }

  @Override
  public final Mono<Void> send(Publisher<Frame> frames) {
    return Flux.from(frames).concatMap(this::sendChecked).then();
  }

  @Override
  public final Flux<ConnectionState> state() {
    return lifecycle.states();
  }

  @Override
  public final ConnectionState currentState() {
    return lifecycle.current();
  }

  @Override
  public final Mono<Void> onClose() {
    return lifecycle.onClose();
  }

  @Override
  public final Mono<Void> close() {
    return lifecycle.close(
        this::doClose,
        e -> log.debug("[session {}] error while closing: {}", sessionId, e.toString()),
        () -> terminate(null));
  }

  private Mono<Void> sendChecked(Frame frame) {
    if (frame.kind().sender() != role) {
      return Mono.error(
          new ProtocolViolationException("a " + role + " cannot send " + frame.kind() + " frames", sessionId));
    }
    if (frame.kind() == FrameKind.DISCONNECT && !capabilities.signalsDisconnect()) {
      return Mono.error(
          new ProtocolViolationException(
              transportType + " has no Disconnect message; close the connection instead", sessionId));
    }
    if (frame.size() > capabilities.maxFrameSize()) {
      return Mono.error(new FrameTooLargeException(frame.size(), capabilities.maxFrameSize(), sessionId));
    }
    if (lifecycle.current() == ConnectionState.CLOSED) {
      return Mono.error(new TransportClosedException("cannot send " + frame.kind() + ": connection is closed", sessionId, null));
    }
    return doSend(frame);
  }

  /**
   * Puts one validated frame on the link. Completes when handed over (see {@link
   * FrameConnection#send}).
   */
  protected abstract Mono<Void> doSend(Frame frame);

  /**
   * Releases the transport's resources for this connection and tells the peer where it can. Runs
   * at most once, on {@link #close()} or after {@link #fail}. Errors are logged and ignored.
   */
  protected abstract Mono<Void> doClose();

  /**
   * A frame from the peer. Dropped after close; on buffer overflow the connection fails with
   * {@link BufferOverflowException}.
   */
  protected final void deliver(Frame frame) {
    if (lifecycle.current() == ConnectionState.CLOSED) {
      return;
    }
    if (!inbound.offer(frame)) {
      fail(new BufferOverflowException(inboundCapacity, sessionId));
    }
  }

  /** The link is down and being restored. */
  protected final void interrupted() {
    lifecycle.set(ConnectionState.INTERRUPTED);
  }

  /** The link is back. */
  protected final void resumed() {
    if (lifecycle.current() == ConnectionState.INTERRUPTED) {
      lifecycle.set(ConnectionState.OPEN);
    }
  }

  /** The peer ended the session normally: receive completes, resources are released. */
  protected final void peerClosed() {
    close().subscribe(null, e -> {});
  }

  /**
   * The connection failed: receive and onClose error with {@code cause}, the state becomes
   * CLOSED at once and {@link #doClose} runs in the background; a later {@link #close()}
   * completes when it has finished.
   */
  protected final void fail(ProximaException cause) {
    if (lifecycle.current() == ConnectionState.CLOSED) {
      return;
    }
    log.debug("[session {}] {} connection failed: {}", sessionId, transportType, cause.getMessage());
    terminate(cause);
    lifecycle.releaseInBackground(
        this::doClose, e -> log.debug("[session {}] error while releasing: {}", sessionId, e.toString()));
  }

  /** Whether the connection is closed or closing. */
  public final boolean isClosing() {
    return lifecycle.isReleasing() || lifecycle.current() == ConnectionState.CLOSED;
  }

  private void terminate(@Nullable ProximaException cause) {
    if (!lifecycle.terminate(cause)) {
      return;
    }
    if (cause == null) {
      inbound.complete();
    } else {
      inbound.error(cause);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + sessionId + ", " + role + ", " + transportType + ", " + lifecycle.current() + "]";
  }
}
