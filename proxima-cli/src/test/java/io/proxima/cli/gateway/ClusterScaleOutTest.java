package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.cli.loadgen.LoadGenerator;
import io.proxima.cli.loadgen.WalletsCommand;
import io.proxima.mqtt.MqttStats;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateway instances on a real 3-node NATS cluster, each connected to a different node, with
 * wallets on every node. In-JVM instances are a faithful test of routing: each has its own MQTT
 * connection and client id on its own node, its own HTTP server and session registry, and the
 * broker cannot tell them from separate processes. (Killing an instance needs a separate process:
 * {@link GatewayInstanceKilledTest}.)
 */
class ClusterScaleOutTest {

  static final int SESSIONS = 36;

  final TestGateways gateways = new TestGateways();

  @AfterEach
  void tearDown() {
    gateways.close();
  }

  List<Gateway> instances(NatsCluster cluster, String strategy) {
    List<Gateway> out = new ArrayList<>();
    for (int node = 1; node <= 3; node++) {
      out.add(gateways.start(gateways.yaml(strategy.toLowerCase() + "-" + node, cluster.startingAt(node), strategy, "")));
    }
    return out;
  }

  List<LoadGenerator.SessionResult> run(List<Gateway> instances, NatsCluster cluster) {
    LoadGenerator generator = new LoadGenerator(new LoadGenerator.Options(
        instances.stream().map(Gateway::url).toList(), SESSIONS, 6, WalletsCommand.defaultCreateBody(),
        cluster.urls().stream().map(URI::create).toList(), false, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        SdJwtPresenter.of(TestGateways.credential()));
    try {
      return generator.runEach().collectList().block(Duration.ofMinutes(2));
    } finally {
      generator.closeWallets().block(WAIT);
    }
  }

  @Test
  void withPerSessionSubscriptionsEverySessionCompletesWhateverNodesItsVerifierAndWalletUse() {
    NatsCluster cluster = NatsCluster.shared();
    List<Gateway> instances = instances(cluster, "PER_SESSION");
    for (int i = 0; i < 3; i++) {
      assertThat(instances.get(i).mqtt().brokerUrl()).hasToString(cluster.url(i + 1));
    }

    List<LoadGenerator.SessionResult> results = run(instances, cluster);

    assertThat(results).hasSize(SESSIONS);
    assertThat(results).allSatisfy(r -> {
      assertThat(r.failure()).isNull();
      assertThat(r.completed()).isTrue();
      assertThat(r.verified()).isTrue();
    });
    Set<String> pairs = results.stream().map(r -> r.gateway() + " <- " + r.walletBroker()).collect(Collectors.toSet());
    assertThat(pairs).as("every gateway node met wallets on every node").hasSize(9);
    for (Gateway g : instances) {
      MqttStats s = g.mqtt().stats();
      int own = SESSIONS / 3;
      assertThat(s.messagesUnroutable()).as("%s received only its own sessions' traffic", g.config().instanceId()).isZero();
      assertThat(s.messagesReceived()).as("an Identify and a submission per own session").isEqualTo(2L * own);
      assertThat(s.subscriptions()).isZero();
    }
  }

  @Test
  void withTheWildcardStrategyEveryInstanceReceivesEverySessionsTraffic() {
    NatsCluster cluster = NatsCluster.shared();
    List<Gateway> instances = instances(cluster, "WILDCARD");
    // A SUBACK from one node does not mean the other nodes route to it yet (NATS propagates
    // interest between nodes asynchronously): wait until probes published on every node reach
    // every instance, then count from there.
    Map<Gateway, long[]> before = wildcardInterestEverywhere(instances, cluster);

    List<LoadGenerator.SessionResult> results = run(instances, cluster);

    // Still correct: each instance routes by topic id and drops what is not its own...
    assertThat(results).allSatisfy(r -> assertThat(r.completed()).as(String.valueOf(r.failure())).isTrue());
    // ...but every instance receives the Identify and the submission of every session in the cluster.
    Map<String, Long> unroutable = new java.util.TreeMap<>();
    for (Gateway g : instances) {
      // The other instances' copies of the last messages may still be on their way.
      long[] base = before.get(g);
      reactor.core.publisher.Mono.fromSupplier(() -> g.mqtt().stats().messagesReceived() - base[0])
          .filter(n -> n >= 2L * SESSIONS)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
          .onErrorResume(e -> reactor.core.publisher.Mono.empty())
          .block(WAIT);
      MqttStats s = g.mqtt().stats();
      int own = SESSIONS / 3;
      assertThat(s.messagesReceived() - base[0]).as("%s got all %d sessions' messages", g.config().instanceId(), SESSIONS)
          .isEqualTo(2L * SESSIONS);
      assertThat(s.messagesUnroutable() - base[1]).as("the other instances' messages, dropped").isEqualTo(2L * (SESSIONS - own));
      assertThat(s.subscriptions()).as("one wildcard subscription").isEqualTo(1);
      unroutable.put(g.config().instanceId(), s.messagesUnroutable() - base[1]);
    }
    System.out.println("FIGURE wildcard on 3 instances, " + SESSIONS + " sessions: messages received per instance "
        + 2 * SESSIONS + " (own " + 2 * SESSIONS / 3 + "), dropped as foreign " + unroutable);
  }

  /**
   * Opens a session on every instance, then publishes a probe (an empty message on a topic id no
   * session has) from every node until one round reaches every instance; returns each instance's
   * received and unroutable counts then.
   */
  static Map<Gateway, long[]> wildcardInterestEverywhere(List<Gateway> instances, NatsCluster cluster) {
    // An instance subscribes its wildcard with its first session (and drops it with its last):
    // one pending session each holds it for the whole test.
    for (Gateway g : instances) {
      TestGateways.client(g).create(GatewayApiTest.body("{\"preset\": \"pid\"}")).block(WAIT);
    }
    for (int round = 0; round < 40; round++) {
      Map<Gateway, long[]> before = counts(instances);
      for (String url : cluster.urls()) {
        NatsCluster.publishEmpty(url, "/proof/" + java.util.UUID.randomUUID() + "/presentation-submission/identify");
      }
      Boolean all = reactor.core.publisher.Mono.fromSupplier(() -> instances.stream()
              .allMatch(g -> g.mqtt().stats().messagesReceived() >= before.get(g)[0] + cluster.urls().size()))
          .filter(ok -> ok)
          .repeatWhenEmpty(8, r -> r.delayElements(Duration.ofMillis(50)))
          .onErrorReturn(false)
          .defaultIfEmpty(false)
          .block(WAIT);
      Map<Gateway, long[]> after = counts(instances);
      if (Boolean.TRUE.equals(all) && instances.stream()
          .allMatch(g -> after.get(g)[0] == before.get(g)[0] + cluster.urls().size())) {
        return after;
      }
    }
    throw new AssertionError("the wildcard subscriptions did not reach every node of the cluster");
  }

  private static Map<Gateway, long[]> counts(List<Gateway> instances) {
    Map<Gateway, long[]> out = new java.util.HashMap<>();
    for (Gateway g : instances) {
      MqttStats s = g.mqtt().stats();
      out.put(g, new long[] {s.messagesReceived(), s.messagesUnroutable()});
    }
    return out;
  }
}
