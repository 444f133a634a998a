package io.proxima.transport.memory;

import io.proxima.message.Frame;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * One direction of an in-memory link: applies the sender's {@link Faults} and delivers in order
 * on a single scheduler worker (frames overtake each other only when reordering is injected).
 */
final class Link {

  private final Faults faults;
  private final Random random;
  private final Scheduler.Worker worker;

  Link(Faults faults, Scheduler scheduler) {
    this.faults = faults;
    this.random = new Random(faults.seed());
    this.worker = scheduler.createWorker();
  }

  Faults faults() {
    return faults;
  }

  /**
   * Sends a frame. {@code arrive} runs once per delivered copy; {@code lost} runs if the frame is
   * dropped.
   */
  void transmit(Frame frame, Runnable arrive, Runnable lost) {
    if (faults.drop().test(frame) || chance(faults.lossRate())) {
      lost.run();
      return;
    }
    int copies = chance(faults.duplicateRate()) ? 2 : 1;
    long delayNanos = faults.delay().toNanos();
    if (chance(faults.reorderRate())) {
      delayNanos += faults.reorderHold().toNanos();
    }
    for (int i = 0; i < copies; i++) {
      schedule(arrive, delayNanos);
    }
  }

  /** Runs a link event (such as loss of the link) after the frames sent before it. */
  void control(Runnable event) {
    schedule(event, faults.delay().toNanos());
  }

  private void schedule(Runnable task, long delayNanos) {
    if (delayNanos == 0) {
      worker.schedule(task);
    } else {
      worker.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private boolean chance(double rate) {
    if (rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }
}
