package io.proxima.cli.gateway;

import io.proxima.message.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of one gateway instance, in memory. Pending (not yet ended) sessions are capped:
 * {@link #tryReserve()} refuses beyond {@code maxPending}. Ended sessions stay readable for {@code
 * retention}, and at most {@code maxRetained} of them, oldest evicted first. Memory is therefore
 * bounded by {@code maxPending} running sessions plus {@code maxRetained} summaries. Thread-safe
 * and lock-free.
 */
final class SessionRegistry {

  private final int maxPending;
  private final int maxRetained;
  private final Duration retention;
  private final Map<SessionId, GatewaySession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<GatewaySession> ended = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger retained = new AtomicInteger();

  SessionRegistry(int maxPending, int maxRetained, Duration retention) {
    this.maxPending = maxPending;
    this.maxRetained = maxRetained;
    this.retention = retention;
  }

  /** Takes a pending slot; false at the cap. */
  boolean tryReserve() {
    while (true) {
      int p = pending.get();
      if (p >= maxPending) {
        return false;
      }
      if (pending.compareAndSet(p, p + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryReserve()} for a session that was never added. */
  void unreserve() {
    pending.decrementAndGet();
  }

  void add(GatewaySession s) {
    sessions.put(s.id, s);
  }

  /** A session ended: its slot is free, it is retained for reading, and the oldest beyond the count go. */
  void ended(GatewaySession s) {
    pending.decrementAndGet();
    ended.add(s);
    retained.incrementAndGet();
    while (retained.get() > maxRetained) {
      GatewaySession oldest = ended.poll();
      if (oldest == null) {
        break;
      }
      evict(oldest);
    }
  }

  /** Evicts the ended sessions older than the retention; returns how many. */
  int evictExpired(Instant now) {
    Instant limit = now.minus(retention);
    int n = 0;
    while (true) {
      GatewaySession head = ended.peek();
      Instant at = head == null ? null : head.endedAt();
      if (head == null || at == null || !at.isBefore(limit)) {
        return n;
      }
      if (ended.remove(head)) {
        evict(head);
        n++;
      }
    }
  }

  private void evict(GatewaySession s) {
    retained.decrementAndGet();
    sessions.remove(s.id, s);
  }

  Optional<GatewaySession> get(SessionId id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** The sessions not yet ended. */
  List<GatewaySession> live() {
    return sessions.values().stream().filter(s -> !s.isEnded()).toList();
  }

  int pending() {
    return pending.get();
  }

  int retained() {
    return retained.get();
  }

  int maxPending() {
    return maxPending;
  }
}
