package io.proxima.transport.memory;

import io.proxima.message.Frame;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What an in-memory link does wrong to the frames its side sends. Immutable; every {@code with}
 * method returns a copy. Random choices come from a generator seeded with {@link #seed()}, so a
 * single-threaded test is repeatable.
 *
 * @param lossRate probability that a frame is silently dropped, 0 to 1
 * @param duplicateRate probability that a frame is delivered twice
 * @param reorderRate probability that a frame is held back by {@code reorderHold}, letting later
 *     frames overtake it
 * @param reorderHold how long a reordered frame is held back
 * @param delay fixed delivery delay of every frame
 * @param drop frames matching this are dropped (deterministic loss)
 * @param disconnectAfterFrames the link is cut after this many frames crossed it in either
 *     direction; negative means never
 * @param setupDelay how long {@code listen} and {@code connect} take
 * @param failSetup whether {@code listen} and {@code connect} fail with a TransportException
 * @param seed seed of the random generator
 */
public record Faults(
    double lossRate,
    double duplicateRate,
    double reorderRate,
    Duration reorderHold,
    Duration delay,
    Predicate<Frame> drop,
    int disconnectAfterFrames,
    Duration setupDelay,
    boolean failSetup,
    long seed) {

  private static final Predicate<Frame> NEVER = f -> false;
  private static final Faults NONE =
      new Faults(0, 0, 0, Duration.ofMillis(10), Duration.ZERO, NEVER, -1, Duration.ZERO, false, 0x5eedL);

  public Faults {
    requireRate(lossRate, "lossRate");
    requireRate(duplicateRate, "duplicateRate");
    requireRate(reorderRate, "reorderRate");
    requireNonNegative(reorderHold, "reorderHold");
    requireNonNegative(delay, "delay");
    requireNonNegative(setupDelay, "setupDelay");
    Objects.requireNonNull(drop, "drop");
  }

  /** A perfect link. */
  public static Faults none() {
    return NONE;
  }

  public Faults withLossRate(double rate) {
    return new Faults(rate, duplicateRate, reorderRate, reorderHold, delay, drop, disconnectAfterFrames, setupDelay, failSetup, seed);
  }

  public Faults withDuplicateRate(double rate) {
    return new Faults(lossRate, rate, reorderRate, reorderHold, delay, drop, disconnectAfterFrames, setupDelay, failSetup, seed);
  }

  public Faults withReordering(double rate, Duration hold) {
    return new Faults(lossRate, duplicateRate, rate, hold, delay, drop, disconnectAfterFrames, setupDelay, failSetup, seed);
  }

  public Faults withDelay(Duration fixedDelay) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, fixedDelay, drop, disconnectAfterFrames, setupDelay, failSetup, seed);
  }

  public Faults withDrop(Predicate<Frame> predicate) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, delay, predicate, disconnectAfterFrames, setupDelay, failSetup, seed);
  }

  public Faults withDisconnectAfterFrames(int frames) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, delay, drop, frames, setupDelay, failSetup, seed);
  }

  public Faults withSetupDelay(Duration setup) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, delay, drop, disconnectAfterFrames, setup, failSetup, seed);
  }

  public Faults withFailingSetup(boolean fail) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, delay, drop, disconnectAfterFrames, setupDelay, fail, seed);
  }

  public Faults withSeed(long newSeed) {
    return new Faults(lossRate, duplicateRate, reorderRate, reorderHold, delay, drop, disconnectAfterFrames, setupDelay, failSetup, newSeed);
  }

  private static void requireRate(double rate, String name) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, got " + rate);
    }
  }

  private static void requireNonNegative(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }
}
