package io.proxima.oid4vp;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a session's timeline.
 *
 * @param state the state entered
 * @param at wall-clock time (the session's clock)
 * @param elapsed time since the session was created (monotonic)
 */
public record StateChange<S extends SessionState>(S state, Instant at, Duration elapsed) {

  public StateChange {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
