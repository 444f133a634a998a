package io.proxima.oid4vp.internal;

import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.SessionState;
import io.proxima.oid4vp.StateChange;
import io.proxima.oid4vp.error.SessionCancelledException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What the verifier's and the wallet's sessions share: started once (lazily, by the first of
 * {@code start()}, {@code result()} and the like), states as a replaying Flux, the outcome as a
 * Mono emitted once, cancel before or during the run, and the resources released at the end.
 * The subclass supplies the steps and builds the outcome.
 *
 * @param <S> the states
 * @param <O> the outcome
 */
abstract class AbstractSession<S extends Enum<S> & SessionState, O> {

  final SessionId id;
  final StateTracker<S> states;
  final Resources resources = new Resources();
  final Sinks.One<O> outcomeSink = Sinks.one();
  private final Sinks.Empty<Void> cancelSink = Sinks.empty();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final S cancelled;
  private final Logger log;

  AbstractSession(SessionId id, Role role, S initial, S cancelled, Clock clock, ObserverSupport observer, Logger log) {
    this.id = id;
    this.states = new StateTracker<>(id, role, initial, clock, observer);
    this.cancelled = cancelled;
    this.log = log;
  }

  /** The session's steps from set-up to its outcome; errors end it in {@link #stateFor}. */
  abstract Mono<O> steps();

  /** The terminal state an error that ended the steps leads to. */
  abstract S stateFor(Throwable error);

  /** Enters the terminal state {@code state} (or stays in the one reached) and returns the outcome; emits it once through {@link #firstFinish()}. */
  abstract O finish(S state, @Nullable Throwable cause);

  /** Releases everything the session holds; completes, never errors. */
  abstract Mono<Void> release();

  /** True for the first caller only: that one emits the outcome. */
  final boolean firstFinish() {
    return finished.compareAndSet(false, true);
  }

  /** Runs the steps once. */
  final void startOnce() {
    if (started.compareAndSet(false, true)) {
      run().subscribe(o -> {}, e -> log.debug("[session {}] unexpected error: {}", id, e.toString()));
    }
  }

  public SessionId sessionId() {
    return id;
  }

  public Flux<StateChange<S>> states() {
    return states.flux();
  }

  public S currentState() {
    return states.current();
  }

  public Mono<O> result() {
    return Mono.defer(() -> {
      startOnce();
      return outcomeSink.asMono();
    });
  }

  public Mono<Void> cancel() {
    return Mono.defer(() -> {
      if (started.compareAndSet(false, true)) {
        finish(cancelled, new SessionCancelledException(SessionCancelledException.Initiator.LOCAL, id));
      } else {
        cancelSink.tryEmitEmpty();
      }
      return outcomeSink.asMono().then();
    });
  }

  private Mono<O> run() {
    Mono<O> cancelledRun =
        cancelSink.asMono().then(Mono.error(() -> new SessionCancelledException(SessionCancelledException.Initiator.LOCAL, id)));
    return Mono.firstWithSignal(Mono.defer(this::steps), cancelledRun)
        .onErrorResume(e -> release().then(Mono.fromCallable(() -> finish(stateFor(e), e))));
  }
}
