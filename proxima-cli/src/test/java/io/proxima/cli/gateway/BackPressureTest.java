package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.GatewayApiTest.assertProblem;
import static io.proxima.cli.gateway.GatewayApiTest.body;
import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.testing.MosquittoBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The cap on pending sessions (503 with Retry-After, never more) and the bounded retention of ended ones. */
class BackPressureTest {

  final TestGateways gateways = new TestGateways();
  final String broker = MosquittoBroker.shared().url();

  @AfterEach
  void tearDown() {
    gateways.close();
  }

  Gateway gateway(String id, String sessions) {
    return gateways.start(gateways.yaml(id, List.of(broker), "PER_SESSION", "sessions: " + sessions + "\n"));
  }

  @Test
  void atTheCapNewSessionsGet503WithRetryAfterUntilASlotIsFree() {
    Gateway g = gateway("cap-1", "{maxPending: 3, retryAfter: 1500ms}");
    GatewayClient client = TestGateways.client(g);
    List<GatewayClient.Created> created = Flux.range(0, 3).concatMap(i -> client.create(body("{\"preset\": \"pid\"}"))).collectList().block(WAIT);
    assertThat(created).hasSize(3);

    GatewayClient.Response refused = client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\"}")).block(WAIT);
    assertProblem(refused, 503, "capacity", "maximum of 3 pending sessions");
    assertThat(refused.header("Retry-After")).isEqualTo("2");
    assertThat(g.sessions().pending()).isEqualTo(3);
    assertThat(g.mqtt().stats().subscriptions()).as("the refused session subscribed nothing").isEqualTo(9);

    client.cancel(created.get(0).id()).block(WAIT);
    assertThat(client.create(body("{\"preset\": \"pid\"}")).block(WAIT).id()).isNotBlank();
    String metrics = client.request(HttpMethod.GET, "/metrics", null).block(WAIT).text();
    assertThat(metrics).contains("proxima_gateway_sessions_refused_total{instance=\"cap-1\",reason=\"capacity\"} 1.0");
  }

  @Test
  void aBurstBeyondTheCapNeverHoldsMoreThanTheCap() {
    Gateway g = gateway("cap-2", "{maxPending: 5}");
    GatewayClient client = TestGateways.client(g);
    AtomicInteger maxSeen = new AtomicInteger();
    List<Integer> statuses = Flux.range(0, 40)
        .flatMap(i -> client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\"}"))
            .doOnNext(r -> maxSeen.accumulateAndGet(g.sessions().pending(), Math::max)), 40)
        .map(GatewayClient.Response::status)
        .collectList()
        .block(WAIT);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 503).hasSize(35);
    assertThat(maxSeen.get()).isLessThanOrEqualTo(5);
    assertThat(g.sessions().pending()).isEqualTo(5);
  }

  @Test
  void endedSessionsAreEvictedBeyondTheRetainedCountAndAfterTheRetentionTime() {
    Gateway g = gateway("cap-3", "{maxPending: 10, maxRetained: 2, retention: 2s}");
    GatewayClient client = TestGateways.client(g);
    List<String> ids = Flux.range(0, 3)
        .concatMap(i -> client.create(body("{\"preset\": \"pid\"}")).flatMap(c -> client.cancel(c.id()).thenReturn(c.id())))
        .collectList()
        .block(WAIT);
    assertThat(g.sessions().retained()).isEqualTo(2);
    assertProblem(client.request(HttpMethod.GET, "/sessions/" + ids.get(0), null).block(WAIT), 404, "not-found", ids.get(0));
    assertThat(client.get(ids.get(1)).block(WAIT).path("state").asText()).isEqualTo("CANCELLED");
    assertThat(client.get(ids.get(2)).block(WAIT).path("state").asText()).isEqualTo("CANCELLED");

    // After the retention time (swept every second) they are gone too.
    Integer status = Mono.defer(() -> client.request(HttpMethod.GET, "/sessions/" + ids.get(2), null))
        .map(GatewayClient.Response::status)
        .filter(s -> s == 404)
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(200)))
        .block(WAIT);
    assertThat(status).isEqualTo(404);
    assertThat(g.sessions().retained()).isZero();
  }
}
