package io.proxima.transport.memory;

import io.proxima.error.ProximaException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.internal.AbstractSessionListener;
import reactor.core.publisher.Mono;

/** The verifier's listener on a hub. */
final class MemoryListener extends AbstractSessionListener {

  private final MemorySession session;
  private final InMemoryTransport config;

  MemoryListener(MemorySession session, InMemoryTransport config) {
    super(session.id(), session.type(), session.endpoint(), DEFAULT_IDENTIFY_CAPACITY);
    this.session = session;
    this.config = config;
  }

  void identify(Frame frame, MemoryWalletConnection wallet) {
    identifyReceived(frame, wallet.peerName(), wallet);
  }

  void failed(ProximaException cause) {
    fail(cause);
  }

  @Override
  protected Mono<FrameConnection> doAccept(InboundIdentify identify) {
    MemoryWalletConnection wallet = (MemoryWalletConnection) identify.token();
    if (wallet.isClosing()) {
      return Mono.error(new TransportClosedException("the wallet that sent this Identify is gone", sessionId(), null));
    }
    MemoryVerifierConnection connection = new MemoryVerifierConnection(session, config);
    session.bind(connection, wallet);
    return Mono.just(connection);
  }

  @Override
  protected Mono<Void> doClose() {
    return Mono.fromRunnable(session::verifierClosed);
  }
}
