package io.proxima.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Proves that this module's tests run with BlockHound installed, so "no thread blocks" is checked. */
class BlockHoundIsActiveTest {

  @Test
  void blockingCallOnParallelSchedulerIsDetected() {
    Throwable error =
        Mono.fromCallable(() -> {
              Thread.sleep(1);
              return "slept";
            })
            .subscribeOn(Schedulers.parallel())
            .map(Object.class::cast)
            .onErrorResume(Mono::just)
            .map(o -> o instanceof Throwable t ? t : new AssertionError("no error: " + o))
            .block(Duration.ofSeconds(5));
    assertThat(error.getClass().getName()).isEqualTo("reactor.blockhound.BlockingOperationError");
  }
}
