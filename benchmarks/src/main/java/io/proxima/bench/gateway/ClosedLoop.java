package io.proxima.bench.gateway;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A closed-loop load generator: keeps {@code concurrency} operations in flight, starting a new one
 * whenever one completes, and hands each completion to the measuring thread through {@link
 * #awaitCompletion()}. The operations run wherever they complete (event loops, Reactor threads);
 * only the measuring thread blocks.
 */
public final class ClosedLoop implements AutoCloseable {

  private final Supplier<Mono<?>> operation;
  private final int concurrency;
  private final Duration timeout;
  private final Semaphore completions = new Semaphore(0);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile boolean stopping;

  /**
   * @param operation one operation, subscribed once per run (e.g. a whole session)
   * @param concurrency how many run at once
   * @param timeout how long one operation, and {@link #awaitCompletion()}, may take
   */
  public ClosedLoop(Supplier<Mono<?>> operation, int concurrency, Duration timeout) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive");
    }
    this.operation = operation;
    this.concurrency = concurrency;
    this.timeout = timeout;
  }

  /** Starts the operations. */
  public ClosedLoop start() {
    for (int i = 0; i < concurrency; i++) {
      launch();
    }
    return this;
  }

  private void launch() {
    if (stopping || failure.get() != null) {
      return;
    }
    inFlight.incrementAndGet();
    operation
        .get()
        .timeout(timeout)
        .subscribe(
            x -> {},
            e -> {
              failure.compareAndSet(null, e);
              inFlight.decrementAndGet();
              completions.release();
            },
            () -> {
              completed.incrementAndGet();
              inFlight.decrementAndGet();
              completions.release();
              launch();
            });
  }

  /**
   * Waits until one more operation has completed.
   *
   * @throws IllegalStateException if an operation failed, or none completed within the timeout
   */
  public void awaitCompletion() throws InterruptedException {
    if (!completions.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("no operation completed within " + timeout + " (" + inFlight.get() + " in flight)");
    }
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("an operation failed: " + e, e);
    }
  }

  /** Operations completed so far. */
  public long completed() {
    return completed.get();
  }

  /**
   * Stops starting operations and waits for those in flight to end.
   *
   * @throws IllegalStateException if they do not end within the timeout, or one failed
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(inFlight.get() + " operations still in flight after " + timeout);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while draining", e);
      }
    }
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("an operation failed: " + e, e);
    }
  }
}
