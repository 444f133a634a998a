package io.proxima.ble.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Fires once when it has not been touched for a while: the idle timeout of a transfer. A Reactor
 * delay on {@link Schedulers#parallel()} (looked up when armed, so virtual time works).
 *
 * <p>A transfer touches it for every chunk, so a touch only moves the deadline; the one timer that
 * runs, when it fires before the deadline, waits again for the rest. Replacing the timer on every
 * touch cost a timer-queue insertion and removal per chunk (issue 6, JFR of a transfer at MTU 23).
 */
final class Watchdog {

  private final Duration timeout;
  private final Runnable onTimeout;
  private Disposable timer = () -> {};
  private boolean armed;
  /** When it fires, on the scheduler's clock (nanoseconds). */
  private long deadline;

  Watchdog(Duration timeout, Runnable onTimeout) {
    this.timeout = timeout;
    this.onTimeout = onTimeout;
  }

  /** (Re)starts the countdown. */
  synchronized void touch() {
    Scheduler scheduler = Schedulers.parallel();
    deadline = scheduler.now(TimeUnit.NANOSECONDS) + timeout.toNanos();
    if (!armed) {
      armed = true;
      arm(scheduler, timeout.toNanos());
    }
  }

  synchronized void stop() {
    armed = false;
    timer.dispose();
  }

  private void arm(Scheduler scheduler, long nanos) {
    timer = Mono.delay(Duration.ofNanos(nanos), scheduler).subscribe(t -> expired());
  }

  private void expired() {
    synchronized (this) {
      if (!armed) {
        return;
      }
      Scheduler scheduler = Schedulers.parallel();
      long left = deadline - scheduler.now(TimeUnit.NANOSECONDS);
      if (left > 0) {
        arm(scheduler, left);
        return;
      }
      armed = false;
    }
    onTimeout.run();
  }
}
