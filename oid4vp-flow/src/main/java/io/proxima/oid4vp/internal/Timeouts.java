package io.proxima.oid4vp.internal;

import io.proxima.error.SessionTimeoutException;
import io.proxima.message.SessionId;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Reactor timeouts that fail with a {@link SessionTimeoutException} naming what was awaited. */
public final class Timeouts {

  private Timeouts() {}

  public static <T> Mono<T> within(Mono<T> source, Duration timeout, String awaited, SessionId sessionId, Scheduler scheduler) {
    return source.timeout(timeout, Mono.error(() -> new SessionTimeoutException(awaited, timeout, sessionId)), scheduler);
  }
}
