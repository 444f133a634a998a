package io.proxima.cli.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.proxima.error.MalformedInputException;
import io.proxima.message.SessionId;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.StateChange;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.dcql.DcqlQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The HTTP API (reactor-netty, JSON via Jackson, errors as {@code application/problem+json}):
 *
 * <ul>
 *   <li>{@code POST /sessions} with {@code {"preset": "name"}}, {@code {"dcql_query": {...}}} or a
 *       bare DCQL query, optionally with {@code presentation_definition} for V1 wallets: 201 with
 *       the session id and engagement URI once the session listens; 503 with {@code Retry-After}
 *       at the cap, while draining, or without a broker;
 *   <li>{@code GET /sessions/{id}}: state, timeline and, once ended, the outcome with the verified claims;
 *   <li>{@code GET /sessions/{id}/qr.png[?size=px]}: the QR code while the session runs (410 after);
 *   <li>{@code GET /sessions/{id}/events}: Server-Sent Events, one {@code state} event per state
 *       transition (replayed from CREATED), then one {@code outcome} event, then the stream ends;
 *   <li>{@code DELETE /sessions/{id}}: cancel; answers the ended session;
 *   <li>{@code GET /metrics} (Prometheus), {@code GET /health} (broker connectivity; 503 unless UP).
 * </ul>
 *
 * Every handler runs on the server's event loops and never blocks; QR rendering and the metrics
 * scrape run on the bounded-elastic scheduler.
 */
final class GatewayHttp {

  static final String JSON_TYPE = "application/json";
  static final String PROBLEM_TYPE = "application/problem+json";
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(GatewayHttp.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> CREATE_FIELDS = Set.of("preset", "dcql_query", "presentation_definition");
  private static final Pattern SESSION_PATH = Pattern.compile("/sessions/[^/]+(/qr\\.png|/events)?/?");

  static {
    // Build Jackson's (de)serializers for trees now, not on an event loop under its cache lock.
    try {
      MAPPER.writeValueAsBytes(MAPPER.readTree("{\"a\":[1,\"b\",true,null,{\"c\":1.5}]}"));
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Gateway gateway;
  private final String instance;

  GatewayHttp(Gateway gateway) {
    this.gateway = gateway;
    this.instance = gateway.config().instanceId();
  }

  void routes(HttpServerRoutes r) {
    r.post("/sessions", (req, res) -> guard(req, res, create(req, res)))
        .get("/sessions/{id}", (req, res) -> guard(req, res, view(req, res)))
        .get("/sessions/{id}/qr.png", (req, res) -> guard(req, res, qr(req, res)))
        .get("/sessions/{id}/events", (req, res) -> guard(req, res, events(req, res)))
        .delete("/sessions/{id}", (req, res) -> guard(req, res, cancel(req, res)))
        .get("/metrics", (req, res) -> guard(req, res, metrics(res)))
        .get("/health", (req, res) -> guard(req, res, health(res)))
        .route(req -> true, (req, res) -> guard(req, res, Mono.error(unmatched(req))));
  }

  private static Problem unmatched(HttpServerRequest req) {
    String path = new QueryStringDecoder(req.uri()).path();
    if (path.equals("/sessions") || SESSION_PATH.matcher(path).matches() || path.equals("/metrics") || path.equals("/health")) {
      return Problem.methodNotAllowed(req.method().name() + " is not supported on " + path);
    }
    return Problem.notFound("no resource at " + path);
  }

  // ------------------------------------------------------------------ POST /sessions

  private Mono<Void> create(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(
        () -> {
          int max = gateway.config().http().maxBodyBytes();
          String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
          if (length != null && parseLong(length) > max) {
            return Mono.error(Problem.tooLarge(max));
          }
          String type = req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
          if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE) && !type.toLowerCase(Locale.ROOT).contains("+json")) {
            return Mono.error(Problem.unsupportedMediaType("send the request as " + JSON_TYPE + ", not " + type));
          }
          return body(req, max)
              .map(this::request)
              .flatMap(r -> gateway.createSession(r.query(), r.preset()))
              .flatMap(gs -> {
                ObjectNode out = gs.toJson(instance, gateway.linkBase());
                return send(res.status(201).header(HttpHeaderNames.LOCATION, gateway.linkBase() + "/sessions/" + gs.id), JSON_TYPE, out);
              });
        });
  }

  private record CreateRequest(PresentationQuery query, @Nullable String preset) {}

  private CreateRequest request(byte[] body) {
    if (body.length == 0) {
      throw Problem.badRequest("the body is empty; send {\"preset\": \"name\"} or {\"dcql_query\": {...}}");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw Problem.badRequest("the body is not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (json == null || !json.isObject()) {
      throw Problem.badRequest("the body must be a JSON object");
    }
    JsonNode pd = json.get("presentation_definition");
    DcqlQuery dcql;
    String preset = null;
    if (json.has("preset")) {
      if (json.has("dcql_query") || json.has("credentials")) {
        throw Problem.badRequest("give either preset or a DCQL query, not both");
      }
      if (!json.get("preset").isTextual()) {
        throw Problem.badRequest("preset must be a string");
      }
      preset = json.get("preset").asText();
      dcql = gateway.preset(preset);
      if (dcql == null) {
        throw Problem.badRequest("unknown preset '" + preset + "'; this gateway has " + gateway.presetNames());
      }
    } else if (json.has("dcql_query")) {
      dcql = DcqlQuery.fromJson(json.get("dcql_query"));
    } else if (json.has("credentials")) {
      ObjectNode bare = ((ObjectNode) json).deepCopy();
      bare.remove("presentation_definition");
      return new CreateRequest(query(DcqlQuery.fromJson(bare), pd), null);
    } else {
      throw Problem.badRequest("expected {\"preset\": \"name\"}, {\"dcql_query\": {...}} or a DCQL query with credentials");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!CREATE_FIELDS.contains(f)) {
        throw Problem.badRequest("unknown field '" + f + "'; expected " + CREATE_FIELDS);
      }
    }
    return new CreateRequest(query(dcql, pd), preset);
  }

  private static PresentationQuery query(DcqlQuery dcql, @Nullable JsonNode presentationDefinition) {
    try {
      return new PresentationQuery(dcql, presentationDefinition);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("presentation_definition: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ GET, DELETE /sessions/{id}

  private Mono<Void> view(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(() -> send(res, JSON_TYPE, find(req).toJson(instance, gateway.linkBase())));
  }

  private Mono<Void> cancel(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(
        () -> {
          GatewaySession gs = find(req);
          Duration bound = gateway.config().timeouts().close().plusSeconds(5);
          return gs.cancel()
              .timeout(bound, Mono.empty())
              .then(Mono.defer(() -> send(res, JSON_TYPE, gs.toJson(instance, gateway.linkBase()))));
        });
  }

  private Mono<Void> qr(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(
        () -> {
          GatewaySession gs = find(req);
          int size = GatewaySession.QR_SIZE;
          List<String> sizes = new QueryStringDecoder(req.uri()).parameters().get("size");
          if (sizes != null && !sizes.isEmpty()) {
            long s = parseLong(sizes.get(0));
            if (s < GatewaySession.QR_MIN_SIZE || s > GatewaySession.QR_MAX_SIZE) {
              throw Problem.badRequest("size must be " + GatewaySession.QR_MIN_SIZE + ".." + GatewaySession.QR_MAX_SIZE + " pixels");
            }
            size = (int) s;
          }
          return gs.qr(size)
              .switchIfEmpty(Mono.error(() -> Problem.gone("session " + gs.id + " has ended (" + gs.state() + "); its QR code is no longer valid")))
              .flatMap(png -> res.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
                  .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                  .sendByteArray(Mono.just(png))
                  .then());
        });
  }

  private Mono<Void> events(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(
        () -> {
          GatewaySession gs = find(req);
          AtomicLong seq = new AtomicLong();
          Flux<String> states = gs.states().map(c -> event(seq.incrementAndGet(), "state", stateEvent(gs, c)));
          Flux<String> outcome = gs.outcome().map(o -> event(seq.incrementAndGet(), "outcome", o)).flux();
          Flux<String> events = states.concatWith(outcome);
          // Heartbeats until the events end: the events' own completion, carried through the merge
          // as a signal, ends the stream and cancels the heartbeat (one subscription to the events,
          // so an ended session's events, which complete at once, cannot outrun it).
          Flux<String> withHeartbeat = Flux.merge(
                  events.materialize(),
                  Flux.interval(SSE_HEARTBEAT).map(t -> Signal.next(": keep-alive\n\n")))
              .<String>dematerialize();
          Publisher<ByteBuf> bytes = withHeartbeat.map(s -> Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
          return res.sse().header(HttpHeaderNames.CACHE_CONTROL, "no-store").send(bytes, b -> true).then();
        });
  }

  private static ObjectNode stateEvent(GatewaySession gs, StateChange<VerifierState> c) {
    ObjectNode o = GatewaySession.stateJson(c);
    o.put("session_id", gs.id.toString());
    return o;
  }

  private static String event(long id, String name, JsonNode data) {
    return "id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n";
  }

  private GatewaySession find(HttpServerRequest req) {
    String raw = req.param("id");
    UUID uuid;
    try {
      uuid = UUID.fromString(raw == null ? "" : raw);
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("'" + raw + "' is not a session id");
    }
    GatewaySession gs = gateway.session(SessionId.of(uuid));
    if (gs == null) {
      throw Problem.notFound("no session " + uuid + " on instance " + instance
          + " (unknown, created on another instance, or ended longer ago than the retention)");
    }
    return gs;
  }

  // ------------------------------------------------------------------ /metrics, /health

  private Mono<Void> metrics(HttpServerResponse res) {
    return Mono.fromCallable(gateway.metrics()::scrape)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(text -> res.header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TYPE)
            .sendString(Mono.just(text), StandardCharsets.UTF_8).then());
  }

  private Mono<Void> health(HttpServerResponse res) {
    return Mono.defer(
        () -> {
          MqttGateway mqtt = gateway.mqtt();
          MqttConnectionState state = mqtt.currentState();
          String status = !gateway.isAccepting() ? "DRAINING" : state == MqttConnectionState.CONNECTED ? "UP" : "DOWN";
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          o.put("status", status);
          o.put("instance", instance);
          ObjectNode broker = o.putObject("broker");
          broker.put("state", state.name());
          broker.put("url", mqtt.brokerUrl().toString());
          mqtt.brokerUrls().forEach(u -> broker.withArray("brokers").add(u.toString()));
          broker.put("subscription_strategy", mqtt.config().subscriptionStrategy().name());
          broker.put("connects", mqtt.stats().connects());
          ObjectNode s = o.putObject("sessions");
          s.put("active", gateway.sessions().pending());
          s.put("max_pending", gateway.sessions().maxPending());
          s.put("retained", gateway.sessions().retained());
          o.put("verifying", gateway.verifying());
          return send(res.status(status.equals("UP") ? 200 : 503), JSON_TYPE, o);
        });
  }

  // ------------------------------------------------------------------ plumbing

  /** Runs a handler and answers its errors as problem documents. */
  private Mono<Void> guard(HttpServerRequest req, HttpServerResponse res, Mono<Void> handler) {
    return handler.onErrorResume(e -> {
      Problem p = toProblem(e);
      if (p.status >= 500 && p.status != 503) {
        log.warn("{} {} failed", req.method(), req.uri(), e);
      }
      if (res.hasSentHeaders()) {
        return Mono.error(e);
      }
      if (p.retryAfter != null) {
        res.header(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (p.retryAfter.toMillis() + 999) / 1000)));
      }
      if (p.status == 405) {
        res.header(HttpHeaderNames.ALLOW, allowed(new QueryStringDecoder(req.uri()).path()));
      }
      return send(res.status(p.status), PROBLEM_TYPE, p.toJson(new QueryStringDecoder(req.uri()).path()));
    });
  }

  private static String allowed(String path) {
    if (path.equals("/sessions")) {
      return HttpMethod.POST.name();
    }
    if (path.endsWith("/qr.png") || path.endsWith("/events") || path.equals("/metrics") || path.equals("/health")) {
      return HttpMethod.GET.name();
    }
    return "GET, DELETE";
  }

  private static Problem toProblem(Throwable e) {
    if (e instanceof Problem p) {
      return p;
    }
    if (e instanceof MalformedInputException m) {
      return Problem.badRequest(m.getMessage());
    }
    return Problem.internal("the request failed: " + e.getClass().getSimpleName());
  }

  private static Mono<byte[]> body(HttpServerRequest req, int max) {
    return req.receive()
        .asByteArray()
        .reduce(new ByteArrayOutputStream(), (out, chunk) -> {
          if (out.size() + chunk.length > max) {
            throw Problem.tooLarge(max);
          }
          out.write(chunk, 0, chunk.length);
          return out;
        })
        .map(ByteArrayOutputStream::toByteArray);
  }

  private static Mono<Void> send(HttpServerResponse res, String type, JsonNode json) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      return Mono.error(e);
    }
    return res.header(HttpHeaderNames.CONTENT_TYPE, type).sendByteArray(Mono.just(bytes)).then();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw Problem.badRequest("'" + s + "' is not a number");
    }
  }
}
