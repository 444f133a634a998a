package io.proxima.mqtt.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The in-flight window of QoS 1 publishes on one link: at most {@code size} publishes await their
 * PUBACK; further ones wait here, in order, instead of failing. Non-blocking: a waiter is a
 * {@link Mono} that emits its {@link Permit} when one is free. Thread-safe.
 */
public final class InFlightWindow {

  private final int size;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inUse;
  private int peak;
  private @Nullable Throwable closed;

  public InFlightWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be positive");
    }
    this.size = size;
  }

  /**
   * A permit to publish, granted in request order. Emits when one is free; errors with the close
   * cause if the window is or becomes closed. Cancelling a waiter gives its turn (or its already
   * granted permit) to the next.
   */
  public Mono<Permit> acquire() {
    return Mono.create(
        sink -> {
          Waiter waiter = new Waiter(sink);
          Permit granted = null;
          Throwable refused;
          synchronized (this) {
            refused = closed;
            if (refused == null) {
              if (inUse < size) {
                granted = grantLocked(waiter);
              } else {
                waiters.add(waiter);
              }
            }
          }
          if (refused != null) {
            sink.error(refused);
            return;
          }
          sink.onCancel(() -> cancel(waiter));
          if (granted != null) {
            sink.success(granted);
          }
        });
  }

  /** How many permits are held now. */
  public synchronized int inUse() {
    return inUse;
  }

  /** How many waiters are queued now. */
  public synchronized int queued() {
    return waiters.size();
  }

  /** The most permits ever held at once. */
  public synchronized int peak() {
    return peak;
  }

  public int size() {
    return size;
  }

  /** Fails every waiter and every later acquire with {@code cause}. Idempotent. */
  public void close(Throwable cause) {
    List<Waiter> failed;
    synchronized (this) {
      if (closed != null) {
        return;
      }
      closed = cause;
      failed = new ArrayList<>(waiters);
      waiters.clear();
    }
    failed.forEach(w -> w.sink.error(cause));
  }

  private Permit grantLocked(Waiter waiter) {
    inUse++;
    peak = Math.max(peak, inUse);
    Permit permit = new Permit();
    waiter.granted = permit;
    return permit;
  }

  private void cancel(Waiter waiter) {
    Permit granted;
    synchronized (this) {
      granted = waiter.granted;
      if (granted == null) {
        waiters.remove(waiter);
        return;
      }
    }
    granted.release();
  }

  private void released() {
    Waiter next;
    Permit permit;
    synchronized (this) {
      inUse--;
      next = closed == null ? waiters.poll() : null;
      if (next == null) {
        return;
      }
      permit = grantLocked(next);
    }
    next.sink.success(permit);
  }

  /** The right to have one publish in flight. Release it once its PUBACK came (or never will). */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    /** Gives the slot to the next waiter. Idempotent. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        released();
      }
    }
  }

  private static final class Waiter {
    final MonoSink<Permit> sink;
    @Nullable Permit granted;

    Waiter(MonoSink<Permit> sink) {
      this.sink = sink;
    }
  }
}
