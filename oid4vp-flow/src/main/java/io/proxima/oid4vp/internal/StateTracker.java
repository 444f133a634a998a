package io.proxima.oid4vp.internal;

import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.SessionState;
import io.proxima.oid4vp.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The state of one session: moves only forward, stops at the first terminal state, keeps the
 * timeline, and publishes every change as a replaying {@link Flux} that completes after the
 * terminal state. Emission happens outside the lock through a drain loop, so a subscriber that
 * reacts to a state by changing the session (e.g. cancelling) cannot deadlock or re-enter.
 */
public final class StateTracker<S extends Enum<S> & SessionState> {

  private static final int REPLAY_BATCH = 8;

  private final SessionId sessionId;
  private final Role role;
  private final Clock clock;
  private final ObserverSupport observer;
  private final long createdNanos = System.nanoTime();
  /**
   * A session passes through at most eight states: a replay buffer in batches of eight instead of
   * Reactor's default 256 slots, which cost a pending session about 1 KB of heap (issue 6).
   */
  private final Sinks.Many<StateChange<S>> sink = Sinks.many().replay().all(REPLAY_BATCH);
  private final Queue<StateChange<S>> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final List<StateChange<S>> history = new ArrayList<>();
  private S current;

  public StateTracker(SessionId sessionId, Role role, S initial, Clock clock, ObserverSupport observer) {
    this.sessionId = sessionId;
    this.role = role;
    this.clock = clock;
    this.observer = observer;
    this.current = initial;
    StateChange<S> first = new StateChange<>(initial, clock.instant(), Duration.ZERO);
    history.add(first);
    pending.add(first);
    drain();
  }

  public synchronized S current() {
    return current;
  }

  public synchronized boolean isTerminal() {
    return current.isTerminal();
  }

  /** The timeline so far. */
  public synchronized List<StateChange<S>> history() {
    return List.copyOf(history);
  }

  /** Every change, the past ones replayed; completes after the terminal state. */
  public Flux<StateChange<S>> flux() {
    return sink.asFlux();
  }

  /**
   * Enters {@code next} if it is after the current state and the session has not ended.
   * Returns whether the state changed.
   */
  public boolean moveTo(S next) {
    StateChange<S> change;
    S from;
    synchronized (this) {
      if (current.isTerminal() || next.ordinal() <= current.ordinal()) {
        return false;
      }
      from = current;
      current = next;
      change = new StateChange<>(next, clock.instant(), Duration.ofNanos(System.nanoTime() - createdNanos));
      history.add(change);
    }
    pending.add(change);
    drain();
    observer.emit(new SessionEvent.StateChanged(sessionId, role, from, next, change.at(), change.elapsed()));
    return true;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      StateChange<S> c;
      while ((c = pending.poll()) != null) {
        sink.tryEmitNext(c);
        if (c.state().isTerminal()) {
          sink.tryEmitComplete();
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
