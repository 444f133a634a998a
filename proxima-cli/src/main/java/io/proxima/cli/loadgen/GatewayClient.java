package io.proxima.cli.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A small reactive client of one gateway's HTTP API (reactor-netty), used by the load generator
 * and the tests. Lazy: nothing is sent until a returned publisher is subscribed.
 */
public final class GatewayClient {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** A plain HTTP response. */
  public record Response(int status, HttpHeaders headers, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; errors when it is not. */
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("HTTP " + status + " body is not JSON: " + text(), e);
      }
    }

    public @Nullable String header(CharSequence name) {
      return headers.get(name);
    }
  }

  /** What {@code POST /sessions} answered. */
  public record Created(String id, String engagementUri, JsonNode json) {}

  private final URI base;
  private final HttpClient http;

  private GatewayClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** A client of the gateway at {@code base} with a pool of up to {@code maxConnections}. */
  public static GatewayClient create(URI base, int maxConnections) {
    ConnectionProvider pool = ConnectionProvider.builder("proxima-gateway-client")
        .maxConnections(maxConnections)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofSeconds(60))
        .build();
    return new GatewayClient(base, HttpClient.create(pool).baseUrl(base.toString()).responseTimeout(Duration.ofSeconds(60)));
  }

  public URI base() {
    return base;
  }

  /**
   * Creates a session. Emits what the gateway answered with 201; errors with {@link
   * GatewayHttpException} for any other status (503 carries the {@code Retry-After}).
   */
  public Mono<Created> create(JsonNode body) {
    return request(HttpMethod.POST, "/sessions", body).map(r -> {
      if (r.status() != 201) {
        throw error(r);
      }
      JsonNode json = r.json();
      return new Created(json.path("id").asText(), json.path("engagement_uri").asText(), json);
    });
  }

  /** {@code GET /sessions/{id}}; errors with {@link GatewayHttpException} unless 200. */
  public Mono<JsonNode> get(String id) {
    return request(HttpMethod.GET, "/sessions/" + id, null).map(r -> {
      if (r.status() != 200) {
        throw error(r);
      }
      return r.json();
    });
  }

  /** {@code DELETE /sessions/{id}}; errors with {@link GatewayHttpException} unless 200. */
  public Mono<JsonNode> cancel(String id) {
    return request(HttpMethod.DELETE, "/sessions/" + id, null).map(r -> {
      if (r.status() != 200) {
        throw error(r);
      }
      return r.json();
    });
  }

  /**
   * {@code GET /sessions/{id}/events}: the session's events until the gateway ends the stream.
   * Errors with {@link GatewayHttpException} unless the answer is 200.
   */
  public Flux<SseEvent> events(String id) {
    Flux<String> text = http.get()
        .uri("/sessions/" + id + "/events")
        .response((res, content) -> {
          if (res.status().code() != 200) {
            return content.aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMapMany(b -> Flux.error(error(new Response(res.status().code(), res.responseHeaders(), b))));
          }
          return content.asString(StandardCharsets.UTF_8);
        });
    return SseEvent.parse(text);
  }

  /** Any request: emits the response whatever its status. */
  public Mono<Response> request(HttpMethod method, String path, @Nullable JsonNode body) {
    return Mono.defer(() -> {
      byte[] bytes = body == null ? null : write(body);
      return http.headers(h -> {
            if (bytes != null) {
              h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
          })
          .request(method)
          .uri(path)
          .send(bytes == null ? ByteBufFlux.fromString(Mono.empty()) : ByteBufFlux.fromInbound(Mono.just(bytes)))
          .responseSingle((res, content) -> content.asByteArray()
              .defaultIfEmpty(new byte[0])
              .map(b -> new Response(res.status().code(), res.responseHeaders(), b)));
    });
  }

  /** Sends raw bytes with a content type, for tests of malformed requests. */
  public Mono<Response> send(HttpMethod method, String path, @Nullable String contentType, byte[] body) {
    return http.headers(h -> {
          if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
          }
        })
        .request(method)
        .uri(path)
        .send(ByteBufFlux.fromInbound(Mono.just(body)))
        .responseSingle((res, content) -> content.asByteArray()
            .defaultIfEmpty(new byte[0])
            .map(b -> new Response(res.status().code(), res.responseHeaders(), b)));
  }

  private static byte[] write(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static GatewayHttpException error(Response r) {
    String detail;
    try {
      JsonNode p = MAPPER.readTree(r.body());
      detail = p != null && p.has("detail") ? p.path("detail").asText() : r.text();
    } catch (IOException e) {
      detail = r.text();
    }
    Duration retryAfter = null;
    String ra = r.header(HttpHeaderNames.RETRY_AFTER);
    if (ra != null) {
      try {
        retryAfter = Duration.ofSeconds(Long.parseLong(ra.trim()));
      } catch (NumberFormatException ignored) {
        retryAfter = null;
      }
    }
    return new GatewayHttpException(r.status(), detail, retryAfter);
  }

  @Override
  public String toString() {
    return "GatewayClient[" + base + "]";
  }
}
