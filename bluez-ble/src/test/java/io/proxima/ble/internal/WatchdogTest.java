package io.proxima.ble.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The transfer idle timeout, in virtual time: touches move the deadline, one timer at a time. */
class WatchdogTest {

  VirtualTimeScheduler time;
  final AtomicInteger fired = new AtomicInteger();
  final Watchdog watchdog = new Watchdog(Duration.ofSeconds(10), fired::incrementAndGet);

  @BeforeEach
  void virtualTime() {
    time = VirtualTimeScheduler.getOrSet();
  }

  @AfterEach
  void realTime() {
    VirtualTimeScheduler.reset();
  }

  @Test
  void firesOnceWhenNotTouchedForTheTimeout() {
    watchdog.touch();
    time.advanceTimeBy(Duration.ofMillis(9_999));
    assertThat(fired).hasValue(0);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(fired).hasValue(1);
    time.advanceTimeBy(Duration.ofMinutes(5));
    assertThat(fired).hasValue(1);
  }

  @Test
  void everyTouchMovesTheDeadlineWithoutASecondTimer() {
    watchdog.touch();
    for (int i = 0; i < 100; i++) {
      time.advanceTimeBy(Duration.ofSeconds(3));
      watchdog.touch();
    }
    assertThat(fired).hasValue(0);
    // Timers scheduled so far: the first one and a re-arm when it fired early (about every 10 s of
    // the 300 s), not one per touch (101).
    assertThat(time.getScheduledTaskCount()).isLessThan(50);
    time.advanceTimeBy(Duration.ofMillis(9_999));
    assertThat(fired).hasValue(0);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(fired).hasValue(1);
  }

  @Test
  void stoppedItNeverFiresAndATouchArmsItAgain() {
    watchdog.touch();
    time.advanceTimeBy(Duration.ofSeconds(5));
    watchdog.stop();
    time.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(fired).hasValue(0);
    watchdog.touch();
    time.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(fired).hasValue(1);
  }
}
