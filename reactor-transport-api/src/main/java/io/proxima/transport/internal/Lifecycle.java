package io.proxima.transport.internal;

import io.proxima.transport.ConnectionState;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The lifecycle shared by connections and listeners: the observable state, the terminal signal
 * ({@code onClose}) and release-once of the transport's resources.
 *
 * <p>A gateway keeps many thousands of these waiting, so the sinks behind {@link #states()},
 * {@link #onClose()} and {@link #whenReleased()} are created only when someone asks for them.
 */
final class Lifecycle {

  private static final AtomicIntegerFieldUpdater<Lifecycle> RELEASED =
      AtomicIntegerFieldUpdater.newUpdater(Lifecycle.class, "released");

  private volatile ConnectionState current = ConnectionState.OPEN;
  private volatile int released;
  private boolean releaseFinished;
  private @Nullable Throwable cause;
  private Sinks.@Nullable Many<ConnectionState> stateSink;
  private Sinks.@Nullable Empty<Void> closedSink;
  private Sinks.@Nullable Empty<Void> releasedSink;

  ConnectionState current() {
    return current;
  }

  /** Moves to {@code next} unless closed already; CLOSED only through {@link #terminate}. */
  synchronized boolean set(ConnectionState next) {
    if (current == ConnectionState.CLOSED || current == next || next == ConnectionState.CLOSED) {
      return false;
    }
    current = next;
    if (stateSink != null) {
      stateSink.tryEmitNext(next);
    }
    return true;
  }

  /** The current state, then every change; completes after CLOSED. */
  synchronized Flux<ConnectionState> states() {
    if (stateSink == null) {
      stateSink = Sinks.many().replay().latest();
      stateSink.tryEmitNext(current);
      if (current == ConnectionState.CLOSED) {
        stateSink.tryEmitComplete();
      }
    }
    return stateSink.asFlux();
  }

  /**
   * Moves to CLOSED with {@code failure} as the cause (null: normal close). Returns false if it
   * was closed already; then nothing changes.
   */
  synchronized boolean terminate(@Nullable Throwable failure) {
    if (current == ConnectionState.CLOSED) {
      return false;
    }
    current = ConnectionState.CLOSED;
    cause = failure;
    if (stateSink != null) {
      stateSink.tryEmitNext(ConnectionState.CLOSED);
      stateSink.tryEmitComplete();
    }
    if (closedSink != null) {
      emit(closedSink, failure);
    }
    return true;
  }

  /** Completes when terminated normally, errors with the cause otherwise. */
  synchronized Mono<Void> onClose() {
    if (current == ConnectionState.CLOSED) {
      Throwable c = cause;
      return c == null ? Mono.empty() : Mono.error(c);
    }
    if (closedSink == null) {
      closedSink = Sinks.empty();
    }
    return closedSink.asMono();
  }

  /** Claims the one release of the resources. */
  boolean tryRelease() {
    return RELEASED.compareAndSet(this, 0, 1);
  }

  boolean isReleasing() {
    return released != 0;
  }

  /** The release has finished. */
  synchronized void releaseFinished() {
    releaseFinished = true;
    if (releasedSink != null) {
      releasedSink.tryEmitEmpty();
    }
  }

  /** Completes when the release has finished. */
  synchronized Mono<Void> whenReleased() {
    if (releaseFinished) {
      return Mono.empty();
    }
    if (releasedSink == null) {
      releasedSink = Sinks.empty();
    }
    return releasedSink.asMono();
  }

  /**
   * The close operation: the first caller runs {@code release}, then terminates normally; later
   * callers (and callers after a failure) complete when the release has finished.
   */
  Mono<Void> close(Supplier<Mono<Void>> release, Consumer<Throwable> onReleaseError, Runnable onTerminate) {
    return Mono.defer(
        () -> {
          if (!tryRelease()) {
            return whenReleased();
          }
          return release
              .get()
              .onErrorResume(
                  e -> {
                    onReleaseError.accept(e);
                    return Mono.empty();
                  })
              .doFinally(
                  s -> {
                    onTerminate.run();
                    releaseFinished();
                  });
        });
  }

  /** Runs the release in the background after a failure, if nobody claimed it yet. */
  void releaseInBackground(Supplier<Mono<Void>> release, Consumer<Throwable> onReleaseError) {
    if (tryRelease()) {
      release.get().doFinally(s -> releaseFinished()).subscribe(null, onReleaseError);
    }
  }

  private static void emit(Sinks.Empty<Void> sink, @Nullable Throwable failure) {
    if (failure == null) {
      sink.tryEmitEmpty();
    } else {
      sink.tryEmitError(failure);
    }
  }
}
