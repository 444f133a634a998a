package io.proxima.ble.internal;

import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Fires once when it has not been touched for a while: the idle timeout of a transfer. A Reactor
 * delay on {@link Schedulers#parallel()} (looked up when armed, so virtual time works).
 */
final class Watchdog {

  private final Duration timeout;
  private final Runnable onTimeout;
  private Disposable timer = () -> {};
  private boolean armed;

  Watchdog(Duration timeout, Runnable onTimeout) {
    this.timeout = timeout;
    this.onTimeout = onTimeout;
  }

  /** (Re)starts the countdown. */
  synchronized void touch() {
    timer.dispose();
    armed = true;
    timer = Mono.delay(timeout, Schedulers.parallel()).subscribe(t -> fire());
  }

  synchronized void stop() {
    armed = false;
    timer.dispose();
  }

  private void fire() {
    synchronized (this) {
      if (!armed) {
        return;
      }
      armed = false;
    }
    onTimeout.run();
  }
}
