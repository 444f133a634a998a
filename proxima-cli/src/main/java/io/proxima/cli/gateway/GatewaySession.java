package io.proxima.cli.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.cli.support.QrCodes;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.StateChange;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One session as the gateway holds it. While it runs it keeps its {@link VerifierSession}; when it
 * ends it keeps only its timeline and the outcome summary (no presentations unless configured, no
 * keys), so an ended session costs a few hundred bytes until it is evicted.
 */
final class GatewaySession {

  /** The side of {@code qr.png} in pixels unless {@code ?size=} asks otherwise, and its bounds. */
  static final int QR_SIZE = 320;
  static final int QR_MIN_SIZE = 64;
  static final int QR_MAX_SIZE = 2048;

  final SessionId id;
  final Instant createdAt;
  final long createdNanos;
  final @Nullable String preset;

  private final List<StateChange<VerifierState>> timeline = new CopyOnWriteArrayList<>();
  private final Sinks.One<ObjectNode> outcomeSink = Sinks.one();
  private volatile @Nullable VerifierSession session;
  private volatile @Nullable String engagementUri;
  private volatile @Nullable Mono<byte[]> qr;
  private volatile VerifierState endState = VerifierState.CREATED;
  private volatile @Nullable ObjectNode outcome;
  private volatile @Nullable Instant endedAt;

  GatewaySession(VerifierSession session, @Nullable String preset, Instant createdAt) {
    this.id = session.sessionId();
    this.session = session;
    this.preset = preset;
    this.createdAt = createdAt;
    this.createdNanos = System.nanoTime();
  }

  /** Records the session's state changes as they happen (their source replays from CREATED). */
  void track() {
    VerifierSession s = session;
    if (s != null) {
      s.states().subscribe(timeline::add);
    }
  }

  void engaged(String uri) {
    engagementUri = uri;
    qr = Mono.fromCallable(() -> QrCodes.png(uri, QR_SIZE)).subscribeOn(Schedulers.boundedElastic()).cache();
  }

  /** Called once, with the outcome summary, when the session ended. */
  void ended(VerifierState state, List<StateChange<VerifierState>> finalTimeline, ObjectNode summary, Instant at) {
    for (int i = timeline.size(); i < finalTimeline.size(); i++) {
      timeline.add(finalTimeline.get(i));
    }
    endState = state;
    outcome = summary;
    endedAt = at;
    qr = null;
    session = null;
    outcomeSink.tryEmitValue(summary);
  }

  VerifierState state() {
    VerifierSession s = session;
    return s != null ? s.currentState() : endState;
  }

  boolean isEnded() {
    return outcome != null;
  }

  @Nullable Instant endedAt() {
    return endedAt;
  }

  @Nullable String engagementUri() {
    return engagementUri;
  }

  /** The default-size QR code, made once; empty when the session has ended. */
  Mono<byte[]> qr(int size) {
    Mono<byte[]> cached = qr;
    String uri = engagementUri;
    if (cached == null || uri == null || isEnded()) {
      return Mono.empty();
    }
    return size == QR_SIZE ? cached : Mono.fromCallable(() -> QrCodes.png(uri, size)).subscribeOn(Schedulers.boundedElastic());
  }

  /** Every state change from CREATED; completes after the terminal one. */
  Flux<StateChange<VerifierState>> states() {
    VerifierSession s = session;
    return s != null ? s.states() : Flux.fromIterable(timeline);
  }

  /** The outcome summary, when the session ends. */
  Mono<ObjectNode> outcome() {
    return outcomeSink.asMono();
  }

  /** Cancels a running session; completes when it ended (at once if it already had). */
  Mono<Void> cancel() {
    VerifierSession s = session;
    return s == null ? Mono.empty() : s.cancel().then(outcome().then());
  }

  /** The JSON view of {@code GET /sessions/{id}}. */
  ObjectNode toJson(String instance, String base) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("id", id.toString());
    o.put("instance", instance);
    o.put("state", state().name());
    o.put("created_at", createdAt.toString());
    Instant ended = endedAt;
    o.put("ended_at", ended == null ? null : ended.toString());
    o.put("preset", preset);
    o.put("engagement_uri", engagementUri);
    ObjectNode links = o.putObject("links");
    String self = base + "/sessions/" + id;
    links.put("self", self);
    links.put("qr", self + "/qr.png");
    links.put("events", self + "/events");
    ArrayNode t = o.putArray("timeline");
    for (StateChange<VerifierState> c : timeline) {
      t.add(stateJson(c));
    }
    ObjectNode out = outcome;
    if (out != null) {
      o.set("outcome", out);
    }
    return o;
  }

  static ObjectNode stateJson(StateChange<VerifierState> c) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("state", c.state().name());
    o.put("at", c.at().toString());
    o.put("elapsed_ms", c.elapsed().toNanos() / 1_000_000.0);
    return o;
  }
}
