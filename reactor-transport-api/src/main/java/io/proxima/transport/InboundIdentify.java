package io.proxima.transport;

import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * An Identify frame that reached a verifier's {@link SessionListener}. It is unauthenticated:
 * anyone who learned the topic or is in radio range can send one. The session code validates it
 * and then {@linkplain #accept() accepts} the one that is valid.
 */
public final class InboundIdentify {

  private final SessionListener listener;
  private final Frame frame;
  private final String peer;
  private final Object token;

  /**
   * For transport implementations.
   *
   * @param peer a description of the sender for logs (not secret), e.g. a BLE device address
   * @param token what the transport needs to bind to this sender on accept
   */
  public InboundIdentify(SessionListener listener, Frame frame, String peer, Object token) {
    if (frame.kind() != FrameKind.IDENTIFY) {
      throw new IllegalArgumentException("not an IDENTIFY frame: " + frame.kind());
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.frame = frame;
    this.peer = Objects.requireNonNull(peer, "peer");
    this.token = Objects.requireNonNull(token, "token");
  }

  /** The listener it arrived on. */
  public SessionListener listener() {
    return listener;
  }

  public TransportType transportType() {
    return listener.transportType();
  }

  /** The Identify frame, exactly as received (legacy envelope already stripped). */
  public Frame frame() {
    return frame;
  }

  /** Who sent it, for logs: not an authenticated identity. */
  public String peer() {
    return peer;
  }

  /** The transport's handle on the sender. */
  public Object token() {
    return token;
  }

  /** Accepts this Identify on its listener; see {@link SessionListener#accept}. */
  public Mono<FrameConnection> accept() {
    return listener.accept(this);
  }

  @Override
  public String toString() {
    return "InboundIdentify[" + listener.transportType() + ", " + frame.size() + " bytes from " + peer + "]";
  }
}
