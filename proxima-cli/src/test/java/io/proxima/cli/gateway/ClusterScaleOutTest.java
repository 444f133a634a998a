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

    List<LoadGenerator.SessionResult> results = run(instances, cluster);

    // Still correct: each instance routes by topic id and drops what is not its own...
    assertThat(results).allSatisfy(r -> assertThat(r.completed()).as(String.valueOf(r.failure())).isTrue());
    // ...but every instance receives the Identify and the submission of every session in the cluster.
    Map<String, Long> unroutable = new java.util.TreeMap<>();
    for (Gateway g : instances) {
      // The other instances' copies of the last messages may still be on their way.
      reactor.core.publisher.Mono.fromSupplier(() -> g.mqtt().stats().messagesReceived())
          .filter(n -> n >= 2L * SESSIONS)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
          .block(WAIT);
      MqttStats s = g.mqtt().stats();
      int own = SESSIONS / 3;
      assertThat(s.messagesReceived()).as("%s got all %d sessions' messages", g.config().instanceId(), SESSIONS).isEqualTo(2L * SESSIONS);
      assertThat(s.messagesUnroutable()).as("the other instances' messages, dropped").isEqualTo(2L * (SESSIONS - own));
      assertThat(s.subscriptions()).as("one wildcard subscription").isEqualTo(1);
      unroutable.put(g.config().instanceId(), s.messagesUnroutable());
    }
    System.out.println("FIGURE wildcard on 3 instances, " + SESSIONS + " sessions: messages received per instance "
        + 2 * SESSIONS + " (own " + 2 * SESSIONS / 3 + "), dropped as foreign " + unroutable);
  }
}
