package io.proxima.transport.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A bounded, single-consumer buffer of inbound items exposed as a {@link Flux}.
 *
 * <ul>
 *   <li>Items offered before anyone subscribes are kept (up to the capacity).
 *   <li>One subscriber at a time; when it cancels (for example after {@code next()}), the next
 *       subscriber continues with the items that are left. A concurrent second subscriber gets
 *       {@link IllegalStateException}.
 *   <li>Buffered items are delivered before the terminal signal, so nothing that arrived before a
 *       failure is lost; late subscribers get the remaining items and then the terminal signal.
 *   <li>Items are emitted outside any lock (a work-in-progress drain loop), honouring demand.
 * </ul>
 */
public final class Inbox<T> {

  private final int capacity;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile @Nullable FluxSink<T> sink;
  private volatile boolean done;
  private volatile @Nullable Throwable error;
  private volatile boolean terminated;

  public Inbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** Items waiting for a subscriber. */
  public int size() {
    return size.get();
  }

  /**
   * Adds an item. Returns false, without adding it, when the buffer is full. Items offered after
   * the terminal signal are ignored (returns true).
   */
  public boolean offer(T item) {
    if (done) {
      return true;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.offer(item);
    drain();
    return true;
  }

  /** Completes after the buffered items. Idempotent; the first terminal signal wins. */
  public void complete() {
    terminate(null);
  }

  /** Errors after the buffered items. Idempotent; the first terminal signal wins. */
  public void error(Throwable e) {
    terminate(e);
  }

  public boolean isDone() {
    return done;
  }

  private synchronized void terminate(@Nullable Throwable e) {
    if (done) {
      return;
    }
    error = e;
    done = true;
    drain();
  }

  /** The items; see the class description for the subscription rules. */
  public Flux<T> flux() {
    return Flux.create(
        s -> {
          synchronized (this) {
            if (sink != null) {
              s.error(new IllegalStateException("this inbound stream already has a subscriber"));
              return;
            }
            sink = s;
          }
          // onDispose before onRequest: registering onRequest already drains (when demand is
          // there), and a subscriber that cancels on the first item and resubscribes at once
          // (receive().next() then receive() again) must find the inbox free.
          s.onDispose(
              () -> {
                synchronized (this) {
                  if (sink == s) {
                    sink = null;
                  }
                }
              });
          s.onRequest(n -> drain());
          drain();
        },
        FluxSink.OverflowStrategy.ERROR);
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      FluxSink<T> s = sink;
      if (s != null) {
        while (!s.isCancelled() && s.requestedFromDownstream() > 0) {
          T item = queue.poll();
          if (item == null) {
            break;
          }
          size.decrementAndGet();
          s.next(item);
        }
        if (done && queue.isEmpty() && !s.isCancelled()) {
          terminated = true;
          Throwable e = error;
          if (e == null) {
            s.complete();
          } else {
            s.error(e);
          }
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  @Override
  public String toString() {
    return "Inbox[" + size.get() + "/" + capacity + (terminated ? ", terminated" : done ? ", done" : "") + "]";
  }
}
