package io.proxima.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.MonoSink;

/**
 * Operations of one link waiting for their acknowledgement (SUBACK, UNSUBACK, PUBACK), by packet
 * id. Every call to the Vert.x client runs on the link's event loop and registers its waiter
 * there, in the same task that wrote the packet; the acknowledgement is read later on that same
 * event loop, so a waiter is always registered before its acknowledgement can arrive.
 */
final class Pending<T> {

  private final Map<Integer, MonoSink<T>> waiting = new ConcurrentHashMap<>();

  /** Waits for the acknowledgement of {@code packetId}; a cancelled waiter is forgotten. */
  void await(int packetId, MonoSink<T> sink) {
    waiting.put(packetId, sink);
    sink.onDispose(() -> waiting.remove(packetId, sink));
  }

  /** The acknowledgement of {@code packetId} arrived. Returns false if nobody waited for it. */
  boolean complete(int packetId, T value) {
    MonoSink<T> sink = waiting.remove(packetId);
    if (sink == null) {
      return false;
    }
    sink.success(value);
    return true;
  }

  /** The link is gone: every waiter fails. */
  void failAll(Throwable cause) {
    List<MonoSink<T>> sinks = new ArrayList<>(waiting.values());
    waiting.clear();
    sinks.forEach(s -> s.error(cause));
  }

  int size() {
    return waiting.size();
  }
}
