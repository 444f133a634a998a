package io.proxima.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * How a lost broker connection is restored: exponential backoff with jitter, each attempt with a
 * fresh Vert.x client (a client instance is unusable after a disconnect). The first attempt after
 * a loss is immediate; attempt {@code n} then waits about {@code initialBackoff * 2^(n-1)},
 * capped at {@code maxBackoff}, randomly moved by up to {@code jitter} of itself.
 *
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between attempts
 * @param jitter the random share of each wait, 0 to 1 (spreads a fleet of gateways reconnecting
 *     after one broker restart)
 * @param maxAttempts how many retries before giving up and closing the connection, which fails
 *     every session on it; {@link Long#MAX_VALUE} for no limit, 0 for no reconnect at all
 */
public record ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, long maxAttempts) {

  /** Default first backoff: 200 ms. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  /** Default longest backoff: 30 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  /** Default jitter: half of each backoff. */
  public static final double DEFAULT_JITTER = 0.5;

  private static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_JITTER, Long.MAX_VALUE);

  public ReconnectPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must not be negative");
    }
  }

  /** Retry forever, 200 ms doubling to 30 s, jitter 0.5. */
  public static ReconnectPolicy defaults() {
    return DEFAULT;
  }

  /** Never reconnect: a lost connection closes and fails its sessions at once. */
  public static ReconnectPolicy disabled() {
    return new ReconnectPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_JITTER, 0);
  }

  public ReconnectPolicy withBackoff(Duration initial, Duration max) {
    return new ReconnectPolicy(initial, max, jitter, maxAttempts);
  }

  public ReconnectPolicy withJitter(double newJitter) {
    return new ReconnectPolicy(initialBackoff, maxBackoff, newJitter, maxAttempts);
  }

  public ReconnectPolicy withMaxAttempts(long attempts) {
    return new ReconnectPolicy(initialBackoff, maxBackoff, jitter, attempts);
  }

  /**
   * This policy as a Reactor retry spec, retrying only the errors {@code retryable} accepts; when
   * attempts are exhausted the last error is propagated unchanged. Timed on {@link
   * reactor.core.scheduler.Schedulers#parallel()}, so it runs in virtual time under {@code
   * StepVerifier.withVirtualTime}.
   */
  public RetryBackoffSpec toRetry(Predicate<Throwable> retryable) {
    return Retry.backoff(maxAttempts, initialBackoff)
        .maxBackoff(maxBackoff)
        .jitter(jitter)
        .filter(retryable)
        .onRetryExhaustedThrow((spec, signal) -> signal.failure());
  }
}
