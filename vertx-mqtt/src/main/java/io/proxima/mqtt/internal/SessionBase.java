package io.proxima.mqtt.internal;

import io.proxima.error.ProximaException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One session on a {@link BrokerConnection}: the topics it owns, the frames that arrive on them,
 * the link going down and up, and its end, which unsubscribes its topics exactly once.
 */
abstract class SessionBase {

  final BrokerConnection broker;
  final SessionId id;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Disposable timer = Disposables.disposed();
  private volatile Mono<Void> end = Mono.empty();

  SessionBase(BrokerConnection broker, SessionId id) {
    this.broker = broker;
    this.id = id;
  }

  /** The exact topics whose messages this session receives. */
  abstract List<String> topics();

  /** A message arrived on one of {@link #topics()} (legacy envelope already stripped). */
  abstract void inbound(FrameKind kind, byte[] payload);

  /** The broker connection is down; frames wait. */
  abstract void linkDown();

  /** The broker connection is back and this session's topics are subscribed again. */
  abstract void linkUp();

  /** The session failed: its listener or connection errors with {@code cause} and it ends. */
  abstract void fail(ProximaException cause);

  /**
   * Starts the session's lifetime limit, on {@code timers}: the current link's event loop when
   * there is one (its loop outlives the link), so that a session's start and end wake no timer
   * thread.
   */
  final void startTimer(Duration sessionTimeout, Scheduler timers) {
    timer =
        Mono.delay(sessionTimeout, timers)
            .subscribe(x -> fail(new SessionTimeoutException("the session to end", sessionTimeout, id)));
  }

  /**
   * Ends the session: stops its timer, removes its routes and unsubscribes what only it used.
   * Completes when the broker acknowledged (or the connection is gone). Runs once; later calls
   * return the first call's outcome.
   */
  final Mono<Void> end() {
    if (ended.compareAndSet(false, true)) {
      timer.dispose();
      end = broker.endSession(this).cache();
    }
    return end;
  }

  final boolean isEnded() {
    return ended.get();
  }
}
