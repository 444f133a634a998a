package io.proxima.oid4vp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.StateChange;
import io.proxima.oid4vp.VerifierState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class StateTrackerTest {

  final List<SessionEvent> events = new CopyOnWriteArrayList<>();
  final StateTracker<VerifierState> tracker =
      new StateTracker<>(SessionId.random(), Role.VERIFIER, VerifierState.CREATED, Clock.systemUTC(), new ObserverSupport(events::add));

  @Test
  void movesOnlyForwardAndStopsAtTheFirstTerminalState() {
    assertThat(tracker.moveTo(VerifierState.ENGAGED)).isTrue();
    assertThat(tracker.moveTo(VerifierState.CREATED)).isFalse();
    assertThat(tracker.moveTo(VerifierState.ENGAGED)).isFalse();
    assertThat(tracker.moveTo(VerifierState.REQUESTED)).isTrue();
    assertThat(tracker.moveTo(VerifierState.FAILED)).isTrue();
    assertThat(tracker.moveTo(VerifierState.ACCEPTED)).isFalse();
    assertThat(tracker.current()).isEqualTo(VerifierState.FAILED);
    assertThat(tracker.history()).extracting(StateChange::state)
        .containsExactly(VerifierState.CREATED, VerifierState.ENGAGED, VerifierState.REQUESTED, VerifierState.FAILED);
    assertThat(events).hasSize(3);
  }

  @Test
  void replaysTheTimelineAndCompletesAfterTheTerminalState() {
    tracker.moveTo(VerifierState.ENGAGED);
    StepVerifier.create(tracker.flux().map(StateChange::state))
        .expectNext(VerifierState.CREATED, VerifierState.ENGAGED)
        .then(() -> tracker.moveTo(VerifierState.CANCELLED))
        .expectNext(VerifierState.CANCELLED)
        .verifyComplete();
  }

  @Test
  void aSubscriberThatChangesTheStateFromInsideOnNextSeesEverythingInOrder() {
    List<VerifierState> seen = new CopyOnWriteArrayList<>();
    tracker.flux().subscribe(change -> {
      seen.add(change.state());
      if (change.state() == VerifierState.ENGAGED) {
        tracker.moveTo(VerifierState.CANCELLED);
      }
    });
    tracker.moveTo(VerifierState.ENGAGED);
    assertThat(seen).containsExactly(VerifierState.CREATED, VerifierState.ENGAGED, VerifierState.CANCELLED);
  }

  @Test
  void elapsedTimeNeverGoesBackwards() {
    tracker.moveTo(VerifierState.ENGAGED);
    tracker.moveTo(VerifierState.CONNECTED);
    List<StateChange<VerifierState>> history = tracker.history();
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i).elapsed()).isGreaterThanOrEqualTo(history.get(i - 1).elapsed());
    }
  }
}
