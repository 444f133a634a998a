package io.proxima.transport.internal;

import io.proxima.transport.ConnectionState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The observable state of a connection or listener: replays the latest, completes after CLOSED. */
final class StateHolder {

  private final Sinks.Many<ConnectionState> sink = Sinks.many().replay().latest();
  private volatile ConnectionState current = ConnectionState.OPEN;

  StateHolder() {
    sink.tryEmitNext(ConnectionState.OPEN);
  }

  ConnectionState current() {
    return current;
  }

  Flux<ConnectionState> flux() {
    return sink.asFlux();
  }

  /** Moves to {@code next} unless already closed. Returns whether the state changed. */
  synchronized boolean set(ConnectionState next) {
    if (current == ConnectionState.CLOSED || current == next) {
      return false;
    }
    current = next;
    sink.tryEmitNext(next);
    if (next == ConnectionState.CLOSED) {
      sink.tryEmitComplete();
    }
    return true;
  }
}
