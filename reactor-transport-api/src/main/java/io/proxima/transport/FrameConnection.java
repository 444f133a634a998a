package io.proxima.transport;

import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An established, duplex frame channel of one session, between the verifier and the one wallet
 * whose Identify it accepted. Over MQTT the frames are the session's topics; over BLE they are
 * the GATT characteristics. Thread-safe.
 *
 * <p>Frames are sent in the order given. A frame whose kind this side does not send fails
 * {@link #send} with {@link io.proxima.error.ProtocolViolationException}; one larger than
 * {@link TransportCapabilities#maxFrameSize()} fails with {@link
 * io.proxima.error.FrameTooLargeException}; neither closes the connection.
 */
public interface FrameConnection extends Disposable {

  SessionId sessionId();

  /** This side's role. */
  Role role();

  TransportType transportType();

  TransportCapabilities capabilities();

  /**
   * The frames from the peer, in arrival order, buffered (boundedly) until subscribed. One
   * subscriber at a time: after it cancels (for example {@code receive().next()}), a new
   * subscription continues with the frames that are left. Frames that arrived before a failure
   * are delivered before the error.
   *
   * <p>Completes when the connection closes normally: {@link #close()} was called, or the peer
   * ended the session (a BLE Disconnect is emitted as a frame first). Errors with {@link
   * io.proxima.error.TransportClosedException} when the link is lost, and with {@link
   * io.proxima.error.BufferOverflowException} when the peer sent more frames than the buffer holds.
   */
  Flux<Frame> receive();

  /**
   * Sends frames in order.
   *
   * <p>Completes when every frame has been handed to the link (MQTT: written, or acknowledged at
   * QoS 1; BLE: every chunk confirmed by the transfer summary). Errors with {@link
   * io.proxima.error.TransportClosedException} if the connection is or becomes closed, and with
   * the errors listed on this interface for invalid frames. Nothing happens until subscribed.
   */
  Mono<Void> send(Publisher<Frame> frames);

  /** Sends one frame; see {@link #send(Publisher)}. */
  default Mono<Void> send(Frame frame) {
    return send(Mono.just(frame));
  }

  /** The current state first, then every change. Completes after {@link ConnectionState#CLOSED}. */
  Flux<ConnectionState> state();

  ConnectionState currentState();

  /**
   * Completes when the connection has closed normally; errors with the cause when it closed
   * because of a failure.
   */
  Mono<Void> onClose();

  /**
   * Closes the connection and releases what it holds, telling the peer where the transport can:
   * over MQTT it unsubscribes the session's topics; a BLE verifier notifies Disconnect first.
   * Completes when released. Idempotent; nothing happens until subscribed.
   */
  Mono<Void> close();

  /** Closes in the background; see {@link #close()}. */
  @Override
  default void dispose() {
    close().subscribe(null, e -> {});
  }

  @Override
  default boolean isDisposed() {
    return currentState() == ConnectionState.CLOSED;
  }
}
