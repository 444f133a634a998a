package io.proxima.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.mqtt.internal.InFlightWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The in-flight window of QoS 1 publishes: queue in order, never fail, never leak a slot. */
class InFlightWindowTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void theEleventhPublishWaitsForASlotInsteadOfFailing() {
    InFlightWindow window = new InFlightWindow(10);
    List<InFlightWindow.Permit> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      held.add(window.acquire().block(WAIT));
    }
    List<InFlightWindow.Permit> late = new ArrayList<>();
    window.acquire().subscribe(late::add);
    window.acquire().subscribe(late::add);
    assertThat(late).isEmpty();
    assertThat(window.queued()).isEqualTo(2);
    held.get(3).release();
    held.get(3).release(); // idempotent: frees one slot only
    assertThat(late).hasSize(1);
    assertThat(window.inUse()).isEqualTo(10);
    held.get(0).release();
    assertThat(late).hasSize(2);
    assertThat(window.peak()).isEqualTo(10);
  }

  @Test
  void aCancelledWaiterGivesUpItsTurnAndAGrantedButCancelledOneItsSlot() {
    InFlightWindow window = new InFlightWindow(1);
    InFlightWindow.Permit first = window.acquire().block(WAIT);
    Disposable cancelled = window.acquire().subscribe();
    List<InFlightWindow.Permit> next = new ArrayList<>();
    window.acquire().subscribe(next::add);
    cancelled.dispose();
    assertThat(window.queued()).isEqualTo(1);
    first.release();
    assertThat(next).hasSize(1);
    next.get(0).release();
    assertThat(window.inUse()).isZero();
  }

  @Test
  void closingFailsWaitersAndLaterAcquires() {
    InFlightWindow window = new InFlightWindow(1);
    window.acquire().block(WAIT);
    var waiting = window.acquire();
    StepVerifier.create(waiting)
        .then(() -> window.close(new IllegalStateException("link lost")))
        .expectErrorMessage("link lost")
        .verify(WAIT);
    StepVerifier.create(window.acquire()).expectErrorMessage("link lost").verify(WAIT);
  }
}
