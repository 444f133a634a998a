package io.proxima.transport.memory;

import io.proxima.engagement.TransportType;
import io.proxima.message.SessionId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shared medium of in-memory transports: the "broker" or the "air". Verifier and wallet
 * transports built on the same hub find each other. Also the place where tests cut, interrupt
 * and resume a session's links.
 */
public final class InMemoryHub {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final Map<String, MemorySession> byEndpoint = new ConcurrentHashMap<>();
  private final Map<SessionKey, MemorySession> bySession = new ConcurrentHashMap<>();

  private InMemoryHub(String name) {
    this.name = name;
  }

  /** A hub with a generated name. */
  public static InMemoryHub create() {
    return new InMemoryHub("hub-" + COUNTER.incrementAndGet());
  }

  /**
   * A hub with a given name, which appears as the host of its MQTT-like broker URL
   * ({@code memory://NAME:1883}).
   *
   * @throws IllegalArgumentException unless the name is lowercase letters, digits and hyphens
   */
  public static InMemoryHub create(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("hub name must match " + NAME.pattern());
    }
    return new InMemoryHub(name);
  }

  public String name() {
    return name;
  }

  /** Sessions whose verifier is still listening or connected. Zero when nothing leaked. */
  public int activeSessions() {
    return bySession.size();
  }

  /** Cuts every link of the session on every transport type: all its connections fail. */
  public void cut(SessionId sessionId) {
    for (TransportType type : TransportType.values()) {
      cut(sessionId, type);
    }
  }

  /** Cuts the links of the session on one transport type. */
  public void cut(SessionId sessionId, TransportType type) {
    find(sessionId, type).ifPresent(MemorySession::cut);
  }

  /**
   * Interrupts the session's links of one type, as a broker outage would: connections turn
   * {@link io.proxima.transport.ConnectionState#INTERRUPTED} and frames wait until {@link #resume}.
   */
  public void interrupt(SessionId sessionId, TransportType type) {
    find(sessionId, type).ifPresent(MemorySession::interrupt);
  }

  /** Ends an {@link #interrupt}: queued frames are delivered, connections turn OPEN. */
  public void resume(SessionId sessionId, TransportType type) {
    find(sessionId, type).ifPresent(MemorySession::resume);
  }

  /** How many wallets are connected to a session, for tests. */
  public int walletCount(SessionId sessionId, TransportType type) {
    return find(sessionId, type).map(s -> s.wallets().size()).orElse(0);
  }

  Optional<MemorySession> find(SessionId sessionId, TransportType type) {
    return Optional.ofNullable(bySession.get(new SessionKey(sessionId, type)));
  }

  @Nullable MemorySession lookup(String endpointKey) {
    return byEndpoint.get(endpointKey);
  }

  boolean register(MemorySession session) {
    if (bySession.putIfAbsent(new SessionKey(session.id(), session.type()), session) != null) {
      return false;
    }
    if (byEndpoint.putIfAbsent(session.endpointKey(), session) != null) {
      bySession.remove(new SessionKey(session.id(), session.type()), session);
      return false;
    }
    return true;
  }

  void unregister(MemorySession session) {
    bySession.remove(new SessionKey(session.id(), session.type()), session);
    byEndpoint.remove(session.endpointKey(), session);
  }

  Collection<MemorySession> sessions() {
    return List.copyOf(bySession.values());
  }

  @Override
  public String toString() {
    return "InMemoryHub[" + name + ", " + bySession.size() + " sessions]";
  }

  private record SessionKey(SessionId id, TransportType type) {}
}
