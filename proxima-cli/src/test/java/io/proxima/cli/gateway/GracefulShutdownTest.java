package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.GatewayApiTest.assertProblem;
import static io.proxima.cli.gateway.GatewayApiTest.body;
import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import io.proxima.testing.MosquittoBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Graceful shutdown in one JVM: no new sessions, in-flight ones finish within the drain timeout,
 * the rest are cancelled, then the broker connection and the HTTP server close. (SIGTERM on a
 * separate process: {@link GatewayProcessTest}.)
 */
class GracefulShutdownTest {

  final TestGateways gateways = new TestGateways();
  final String broker = MosquittoBroker.shared().url();

  @AfterEach
  void tearDown() {
    gateways.close();
  }

  /** A wallet whose user takes {@code delay} to consent. */
  static PresentationProvider slowUser(Duration delay) {
    SdJwtPresenter presenter = SdJwtPresenter.of(TestGateways.credential());
    return request -> Mono.delay(delay).then(presenter.present(request));
  }

  @Test
  void inFlightSessionsFinishWithinTheDrainTimeoutAndTheRestAreCancelled() throws Exception {
    Gateway g = gateways.start(gateways.yaml("drain-1", List.of(broker), "PER_SESSION", "shutdown: {drainTimeout: 4s}\n"));
    GatewayClient client = TestGateways.client(g);
    GatewayClient.Created answered = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
    GatewayClient.Created abandoned = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
    CompletableFuture<WalletOutcome> wallet =
        TestGateways.wallet(slowUser(Duration.ofMillis(1500))).session(answered.engagementUri()).result().toFuture();
    // The slow user is deciding: the session waits for the answer.
    Mono.defer(() -> client.get(answered.id())).filter(j -> j.path("state").asText().equals("REQUESTED"))
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50))).block(WAIT);
    CompletableFuture<List<io.proxima.cli.loadgen.SseEvent>> abandonedEvents = client.events(abandoned.id()).collectList().toFuture();

    CompletableFuture<Void> stopped = g.shutdown().toFuture();

    assertThat(g.isAccepting()).isFalse();
    assertProblem(client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\"}")).block(WAIT), 503, "shutting-down", "drains");
    GatewayClient.Response health = client.request(HttpMethod.GET, "/health", null).block(WAIT);
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("status").asText()).isEqualTo("DRAINING");

    // The in-flight session completes during the drain, and can still be read.
    assertThat(wallet.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).state()).isEqualTo(WalletState.SUBMITTED);
    String outcome = client.events(answered.id()).filter(e -> e.event().equals("outcome")).next().block(WAIT).data();
    assertThat(outcome).contains("\"state\":\"ACCEPTED\"").contains("\"verified\":true");
    assertThat(client.get(answered.id()).block(WAIT).path("outcome").path("verified").asBoolean()).isTrue();
    // Meanwhile the abandoned one was left alone: it is cancelled only when the drain timeout is up.
    assertThat(client.get(abandoned.id()).block(WAIT).path("state").asText()).isEqualTo("ENGAGED");

    // The abandoned one is cancelled when the drain timeout is reached; its event stream says so and ends.
    List<io.proxima.cli.loadgen.SseEvent> events = abandonedEvents.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(events.get(events.size() - 1).data()).contains("\"state\":\"CANCELLED\"");
    stopped.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(g.sessions().pending()).isZero();
    assertThat(g.mqtt().currentState()).isEqualTo(MqttConnectionState.CLOSED);
    assertThat(g.onClose().toFuture()).isDone();
  }

  @Test
  void withNothingInFlightShutdownIsImmediate() {
    Gateway g = gateways.start(gateways.yaml("drain-2", List.of(broker), "PER_SESSION", "shutdown: {drainTimeout: 30s}\n"));
    // A 30 s drain with nothing to drain does not wait for it (WAIT is shorter).
    g.shutdown().block(Duration.ofSeconds(20));
    assertThat(g.mqtt().currentState()).isEqualTo(MqttConnectionState.CLOSED);
    // Idempotent.
    g.shutdown().block(WAIT);
  }
}
