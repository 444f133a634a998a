package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.GatewayApiTest.body;
import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The gateway as a process: SIGTERM drains in-flight sessions, cancels the rest, and exits. */
class GatewayProcessTest {

  @Test
  void sigtermDrainsInFlightSessionsThenCancelsTheRestAndExits() throws Exception {
    TestGateways gateways = new TestGateways();
    Path config = gateways.dir().resolve("gateway.yaml");
    Files.writeString(config, gateways.yaml("proc-1", List.of(MosquittoBroker.shared().url()), "PER_SESSION",
        "shutdown: {drainTimeout: 4s}\n"));
    try (GatewayProcess process = GatewayProcess.start(config)) {
      GatewayClient client = GatewayClient.create(process.url(), 16);
      GatewayClient.Created answered = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
      GatewayClient.Created abandoned = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
      CompletableFuture<WalletOutcome> wallet =
          TestGateways.wallet(GracefulShutdownTest.slowUser(Duration.ofMillis(2000))).session(answered.engagementUri()).result().toFuture();
      Mono.defer(() -> client.get(answered.id())).filter(j -> j.path("state").asText().equals("REQUESTED"))
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50))).block(WAIT);
      CompletableFuture<String> answeredOutcome =
          client.events(answered.id()).filter(e -> e.event().equals("outcome")).next().map(e -> e.data()).toFuture();
      CompletableFuture<String> abandonedOutcome =
          client.events(abandoned.id()).filter(e -> e.event().equals("outcome")).next().map(e -> e.data()).toFuture();

      process.terminate();

      Mono.defer(() -> client.request(HttpMethod.GET, "/health", null))
          .filter(r -> r.json().path("status").asText().equals("DRAINING"))
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
          .block(WAIT);
      GatewayClient.Response refused = client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\"}")).block(WAIT);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().path("type").asText()).isEqualTo(Problem.TYPE_PREFIX + "shutting-down");
      assertThat(wallet.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(WalletState.SUBMITTED);
      assertThat(answeredOutcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("\"state\":\"ACCEPTED\"").contains("\"verified\":true");
      assertThat(abandonedOutcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("\"state\":\"CANCELLED\"");

      int code = process.awaitExit(WAIT);
      assertThat(code).as("terminated by SIGTERM").isEqualTo(143);
      assertThat(process.log())
          .contains("shutting down: accepting no new sessions; draining 2 in-flight sessions for up to 4s")
          .contains("drain timeout reached: cancelling 1 sessions")
          .contains("1 sessions ended during the drain, 1 cancelled");
    } finally {
      gateways.close();
    }
  }
}
