package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.cli.loadgen.LoadGenerator;
import io.proxima.cli.loadgen.WalletsCommand;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A broker node is killed under load. Three gateway instances (one per node, each given the whole
 * node list to fail over to) run sessions whose wallets are spread over the nodes (a wallet whose
 * node refuses moves to the next, as behind a load balancer); a node is SIGKILLed a third of the
 * way through. Each test has its own cluster.
 *
 * <p>NATS keeps MQTT sessions in a replicated JetStream stream ({@code $MQTT_sess}) and persists a
 * client's session on every SUBSCRIBE and UNSUBSCRIBE. Which node is killed matters:
 *
 * <ul>
 *   <li>a node that leads neither that stream nor the JetStream meta group: only its own clients
 *       notice; its gateway fails over to the next node and resubscribes; every session between
 *       surviving nodes completes;
 *   <li>the stream's leader: until a new leader is elected (about 4-8 s here), every node answers a
 *       SUBSCRIBE/UNSUBSCRIBE by closing the client after a 4 s timeout ("unable to persist
 *       session") and refuses CONNECTs, so gateways and wallets on the surviving nodes lose their
 *       connections too. The gateways reconnect and resubscribe once the cluster has recovered;
 *       sessions in flight in that window are lost, sessions after it complete.
 * </ul>
 */
class BrokerNodeKilledTest {

  static final int CONCURRENCY = 12;
  static final Path FIGURES = Path.of("target", "gateway-cluster-figures.txt");

  record Run(NatsCluster cluster, List<Gateway> instances, int victim, int inFlightAtKill, long killedAt,
             List<LoadGenerator.SessionResult> results, long[] lastConnectedAt) {

    Gateway gatewayOf(int node) {
      return instances.get(node - 1);
    }

    boolean touchesVictim(LoadGenerator.SessionResult r) {
      return r.gateway().equals(gatewayOf(victim).url()) || cluster.url(victim).equals(String.valueOf(r.walletBroker()));
    }

    List<LoadGenerator.SessionResult> lost() {
      return results.stream().filter(r -> !r.completed()).toList();
    }

    String summary(String scenario) {
      Map<String, Long> byCause = lost().stream().collect(Collectors.groupingBy(
          r -> (cluster.url(victim).equals(String.valueOf(r.walletBroker())) ? "wallet on the killed node"
              : r.gateway().equals(gatewayOf(victim).url()) ? "gateway of the killed node" : "survivors only") + ": " + r.failure(),
          TreeMap::new, Collectors.counting()));
      List<String> connects = instances.stream().map(g -> g.config().instanceId() + "=" + g.mqtt().stats().connects()).toList();
      return String.format("%s: %d sessions, concurrency %d, %d in flight at the kill: %d completed, %d lost %s; broker connections "
              + "per gateway %s", scenario, results.size(), CONCURRENCY, inFlightAtKill, results.size() - lost().size(), lost().size(),
          byCause, connects);
    }
  }

  Run runAndKill(NatsCluster cluster, TestGateways gateways, int sessions, java.util.function.IntSupplier victimChooser) {
    List<Gateway> instances = new ArrayList<>();
    long[] lastConnectedAt = new long[3];
    for (int node = 1; node <= 3; node++) {
      Gateway g = gateways.start(gateways.yaml("node-" + node, cluster.startingAt(node), "PER_SESSION",
          "timeouts: {engagement: 8s, response: 8s}\nsessions: {retryAfter: 1s}\n"));
      int i = node - 1;
      g.mqtt().state().filter(s -> s == MqttConnectionState.CONNECTED).subscribe(s -> lastConnectedAt[i] = System.nanoTime());
      instances.add(g);
    }
    int victim = victimChooser.getAsInt();
    LoadGenerator generator = new LoadGenerator(new LoadGenerator.Options(
        instances.stream().map(Gateway::url).toList(), sessions, CONCURRENCY, WalletsCommand.defaultCreateBody(),
        cluster.urls().stream().map(URI::create).toList(), false, Duration.ofSeconds(40), Duration.ofSeconds(40)),
        SdJwtPresenter.of(TestGateways.credential()));
    CompletableFuture<List<LoadGenerator.SessionResult>> run = generator.runEach().collectList().toFuture();
    Mono.fromSupplier(() -> generator.progress().completed()).filter(n -> n >= sessions / 3)
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(5))).block(Duration.ofMinutes(2));
    int inFlight = generator.progress().inFlight();
    long killedAt = System.nanoTime();
    cluster.kill(victim);
    try {
      List<LoadGenerator.SessionResult> results = run.get(3, TimeUnit.MINUTES);
      return new Run(cluster, instances, victim, inFlight, killedAt, results, lastConnectedAt);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      cluster.saveLogs(Path.of("target", "nats-logs-kill-" + victim));
      generator.closeWallets().block(WAIT);
    }
  }

  @Test
  void killingANodeThatLeadsNoJetStreamGroupOnlyMovesItsGatewayAndLosesOnlySessionsInFlightThrough() throws Exception {
    try (NatsCluster cluster = NatsCluster.start(); TestGateways gateways = new TestGateways()) {
      Run run = runAndKill(cluster, gateways, 120, () -> {
        int sessionLeader = cluster.streamLeader("$MQTT_sess");
        int metaLeader = cluster.metaLeader();
        for (int n = 3; n >= 1; n--) {
          if (n != sessionLeader && n != metaLeader) {
            return n;
          }
        }
        throw new AssertionError("unreachable");
      });
      Gateway moved = run.gatewayOf(run.victim());
      Mono.fromSupplier(() -> moved.mqtt().currentState()).filter(s -> s == MqttConnectionState.CONNECTED)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(10))).block(WAIT);

      // The gateway of the dead node is on a survivor now; the others never noticed.
      assertThat(moved.mqtt().brokerUrl().toString()).isNotEqualTo(cluster.url(run.victim())).isIn(cluster.urls());
      assertThat(moved.mqtt().stats().connects()).isEqualTo(2);
      for (Gateway g : run.instances()) {
        if (g != moved) {
          assertThat(g.mqtt().stats().connects()).as(g.config().instanceId()).isEqualTo(1);
        }
      }
      // Every session whose verifier and wallet were on surviving nodes completed, verified.
      assertThat(run.results()).hasSize(120);
      assertThat(run.results().stream().filter(r -> !run.touchesVictim(r))).isNotEmpty().allSatisfy(r -> {
        assertThat(r.completed()).as("%s via %s: %s", r.gateway(), r.walletBroker(), r.failure()).isTrue();
        assertThat(r.verified()).isTrue();
      });
      // Losses only among the sessions in flight when the node died.
      assertThat(run.lost().size()).isLessThanOrEqualTo(run.inFlightAtKill());
      figure(run.summary("node " + run.victim() + " of 3 killed (leads no JetStream group), gateway failed over to "
          + moved.mqtt().brokerUrl()));
    }
  }

  @Test
  void killingTheNodeLeadingNatsMqttSessionsDisruptsEveryNodeUntilReelectionThenEverythingRecovers() throws Exception {
    try (NatsCluster cluster = NatsCluster.start(); TestGateways gateways = new TestGateways()) {
      Run run = runAndKill(cluster, gateways, 200, () -> cluster.streamLeader("$MQTT_sess"));

      // Every gateway ends connected to a surviving node, its sessions resubscribed.
      for (Gateway g : run.instances()) {
        Mono.fromSupplier(() -> g.mqtt().currentState()).filter(s -> s == MqttConnectionState.CONNECTED)
            .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(10))).block(WAIT);
        assertThat(g.mqtt().brokerUrl().toString()).isNotEqualTo(cluster.url(run.victim()));
      }
      assertThat(run.results()).hasSize(200);
      // Once the last gateway had reconnected, every new session completed.
      long recovered = java.util.Arrays.stream(run.lastConnectedAt()).max().orElseThrow();
      List<LoadGenerator.SessionResult> after = run.results().stream().filter(r -> r.startNanos() > recovered + 1_000_000_000L).toList();
      assertThat(after).allSatisfy(r -> assertThat(r.completed()).as("%s via %s: %s", r.gateway(), r.walletBroker(), r.failure()).isTrue());
      long window = Duration.ofNanos(recovered - run.killedAt()).toMillis();
      figure(run.summary("node " + run.victim() + " of 3 killed (leader of $MQTT_sess), cluster-wide disruption for "
          + Math.max(0, window) + " ms until the last gateway reconnected; " + after.size() + " sessions started after that, all completed"));
    }
  }

  static void figure(String text) throws java.io.IOException {
    System.out.println("FIGURE " + text);
    Files.writeString(FIGURES, text + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
