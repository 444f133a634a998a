package io.proxima.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class InboxTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void buffersUntilSubscribedAndRefusesBeyondCapacity() {
    Inbox<Integer> inbox = new Inbox<>(3);
    assertThat(inbox.offer(1)).isTrue();
    assertThat(inbox.offer(2)).isTrue();
    assertThat(inbox.offer(3)).isTrue();
    assertThat(inbox.offer(4)).isFalse();
    StepVerifier.create(inbox.flux().take(3)).expectNext(1, 2, 3).verifyComplete();
    assertThat(inbox.offer(4)).isTrue();
  }

  @Test
  void aNewSubscriberContinuesWhereACancelledOneStopped() {
    Inbox<Integer> inbox = new Inbox<>(8);
    Flux.range(1, 5).subscribe(inbox::offer);
    StepVerifier.create(inbox.flux().next()).expectNext(1).verifyComplete();
    StepVerifier.create(inbox.flux().take(2)).expectNext(2, 3).verifyComplete();
    inbox.complete();
    StepVerifier.create(inbox.flux()).expectNext(4, 5).verifyComplete();
    StepVerifier.create(inbox.flux()).verifyComplete();
  }

  @Test
  void aSubscriberThatCancelsOnTheFirstItemCanResubscribeAtOnce() {
    Inbox<Integer> inbox = new Inbox<>(8);
    inbox.offer(1);
    inbox.offer(2);
    // next() cancels inside onNext; the flatMap subscribes again before the first subscription returns.
    StepVerifier.create(inbox.flux().next().flatMap(first -> inbox.flux().next().map(second -> first * 10 + second)))
        .expectNext(12)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void itemsArrivedBeforeAnErrorAreDeliveredFirst() {
    Inbox<Integer> inbox = new Inbox<>(8);
    inbox.offer(1);
    inbox.error(new IllegalStateException("link lost"));
    inbox.offer(2);
    StepVerifier.create(inbox.flux()).expectNext(1).expectErrorMessage("link lost").verify(WAIT);
  }

  @Test
  void aConcurrentSecondSubscriberIsRefused() {
    Inbox<Integer> inbox = new Inbox<>(8);
    inbox.flux().subscribe();
    StepVerifier.create(inbox.flux()).verifyError(IllegalStateException.class);
  }

  @Test
  void honoursDemand() {
    Inbox<Integer> inbox = new Inbox<>(8);
    Flux.range(1, 4).subscribe(inbox::offer);
    StepVerifier.create(inbox.flux(), 1).expectNext(1).thenRequest(2).expectNext(2, 3).thenCancel().verify(WAIT);
    assertThat(inbox.size()).isEqualTo(1);
  }

  @Test
  void concurrentProducersLoseNothing() {
    Inbox<Integer> inbox = new Inbox<>(100_000);
    Flux.range(0, 4)
        .parallel(4)
        .runOn(Schedulers.parallel())
        .doOnNext(p -> {
          for (int i = 0; i < 10_000; i++) {
            inbox.offer(p * 10_000 + i);
          }
        })
        .sequential()
        .blockLast(WAIT);
    assertThat(inbox.flux().take(40_000).distinct().count().block(WAIT)).isEqualTo(40_000);
  }
}
