package io.proxima.transport.memory;

import io.proxima.error.ProximaException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.transport.internal.AbstractFrameConnection;
import reactor.core.publisher.Mono;

/** A wallet's connection to a session on a hub. */
final class MemoryWalletConnection extends AbstractFrameConnection {

  private final MemorySession session;
  private final Link link;
  private final String peerName;

  MemoryWalletConnection(MemorySession session, InMemoryTransport config, String peerName) {
    super(session.id(), Role.WALLET, session.type(), config.capabilities(), config.inboundCapacity());
    this.session = session;
    this.link = config.newLink();
    this.peerName = peerName;
  }

  Link link() {
    return link;
  }

  String peerName() {
    return peerName;
  }

  void arrived(Frame frame) {
    deliver(frame);
    if (frame.kind() == FrameKind.DISCONNECT) {
      peerClosed();
    }
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
    return Mono.fromRunnable(() -> session.fromWallet(this, frame));
  }

  @Override
  protected Mono<Void> doClose() {
    return Mono.fromRunnable(() -> session.walletClosed(this));
  }
}
