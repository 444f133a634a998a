package io.proxima.transport.memory;

import io.proxima.error.ProximaException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.transport.internal.AbstractFrameConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/** The verifier's end of an accepted in-memory session. */
final class MemoryVerifierConnection extends AbstractFrameConnection {

  private final MemorySession session;
  private final Link link;
  private final AtomicBoolean disconnectSent = new AtomicBoolean();

  MemoryVerifierConnection(MemorySession session, InMemoryTransport config) {
    super(session.id(), Role.VERIFIER, session.type(), config.capabilities(), config.inboundCapacity());
    this.session = session;
    this.link = config.newLink();
  }

  Link link() {
    return link;
  }

  void arrived(Frame frame) {
    deliver(frame);
  }

  void linkLost(String why) {
    fail(new TransportClosedException(why, sessionId(), null));
  }

  void failed(ProximaException cause) {
    fail(cause);
  }

  void setInterrupted(boolean down) {
    if (down) {
      interrupted();
    } else {
      resumed();
    }
  }

  @Override
  protected Mono<Void> doSend(Frame frame) {
    return Mono.fromRunnable(
        () -> {
          if (frame.kind() == FrameKind.DISCONNECT) {
            disconnectSent.set(true);
          }
          session.fromVerifier(this, frame);
        });
  }

  @Override
  protected Mono<Void> doClose() {
    return Mono.fromRunnable(
        () -> {
          // A BLE verifier tells its wallet to stop; an MQTT verifier can only unsubscribe.
          if (capabilities().signalsDisconnect() && disconnectSent.compareAndSet(false, true)) {
            session.fromVerifier(this, Frame.empty(FrameKind.DISCONNECT));
          }
          session.verifierClosed();
        });
  }
}
