package io.proxima.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The reconnect backoff as Reactor operators, in virtual time. */
class ReconnectPolicyTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void backoffDoublesUpToTheMaximumWithinTheJitterBounds() {
    ReconnectPolicy policy = ReconnectPolicy.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).withMaxAttempts(6);
    List<Long> attemptsAt = new ArrayList<>();
    StepVerifier.withVirtualTime(
            () ->
                Mono.defer(
                        () -> {
                          attemptsAt.add(Schedulers.parallel().now(java.util.concurrent.TimeUnit.MILLISECONDS));
                          return Mono.error(new MqttConnectException("down", java.net.URI.create("mqtt://127.0.0.1:1"), null, null));
                        })
                    .retryWhen(policy.toRetry(e -> true)))
        .thenAwait(Duration.ofMinutes(5))
        .expectError(MqttConnectException.class)
        .verify(WAIT);
    assertThat(attemptsAt).hasSize(7);
    // Attempt n waits about 1 s * 2^(n-1), capped at 8 s, moved by at most half of itself.
    long[] nominal = {1000, 2000, 4000, 8000, 8000, 8000};
    for (int i = 0; i < nominal.length; i++) {
      long waited = attemptsAt.get(i + 1) - attemptsAt.get(i);
      assertThat(waited).as("wait before retry %d", i + 1).isBetween(Math.max(1000, nominal[i] / 2), Math.min(8000, nominal[i] * 3 / 2));
    }
  }

  @Test
  void jitterSpreadsRetriesAndZeroJitterIsExact() {
    ReconnectPolicy exact = ReconnectPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0).withMaxAttempts(3);
    AtomicInteger attempts = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
              attempts.incrementAndGet();
              return Mono.error(new IllegalStateException("down"));
            }).retryWhen(exact.toRetry(e -> true)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(99))
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(attempts).hasValue(2))
        .thenAwait(Duration.ofMillis(200))
        .then(() -> assertThat(attempts).hasValue(3))
        .thenAwait(Duration.ofMillis(400))
        .expectError(IllegalStateException.class)
        .verify(WAIT);
    assertThat(attempts).hasValue(4);
  }

  @Test
  void errorsThatNeedAFixAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    var refused = new MqttConnectionRefusedException(5, "CONNECTION_REFUSED_NOT_AUTHORIZED", java.net.URI.create("mqtt://127.0.0.1:1"), null);
    StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
              attempts.incrementAndGet();
              return Mono.error(refused);
            }).retryWhen(ReconnectPolicy.defaults().toRetry(e -> !(e instanceof MqttConnectionRefusedException))))
        .expectErrorSatisfies(e -> assertThat(e).isSameAs(refused))
        .verify(WAIT);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void disabledMeansTheFirstFailureIsFinal() {
    StepVerifier.withVirtualTime(() -> Mono.error(new IllegalStateException("down")).retryWhen(ReconnectPolicy.disabled().toRetry(e -> true)))
        .expectError(IllegalStateException.class)
        .verify(WAIT);
  }

  @Test
  void invalidPoliciesAreRefused() {
    assertThatThrownBy(() -> ReconnectPolicy.defaults().withJitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> ReconnectPolicy.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> ReconnectPolicy.defaults().withMaxAttempts(-1)).hasMessageContaining("maxAttempts");
  }
}
