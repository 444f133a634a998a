package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.cli.loadgen.LoadGenerator;
import io.proxima.cli.loadgen.WalletsCommand;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A gateway instance is killed (SIGKILL, separate processes: a crash can only be faithful in its
 * own JVM) while three instances on the 3-node cluster run sessions. Its sessions end: their
 * event streams break, the load generator's kiosks give up and their wallets are cancelled; the
 * broker drops the dead instance's connection and with it its subscriptions. The other instances
 * are unaffected: every one of their sessions completes.
 */
class GatewayInstanceKilledTest {

  static final int SESSIONS = 90;

  @Test
  void theSessionsOfAKilledInstanceEndAndTheOtherInstancesAreUnaffected() throws Exception {
    NatsCluster cluster = NatsCluster.shared();
    TestGateways gateways = new TestGateways();
    List<GatewayProcess> processes = new ArrayList<>();
    try {
      List<Path> configs = new ArrayList<>();
      for (int node = 1; node <= 3; node++) {
        Path config = gateways.dir().resolve("gateway-" + node + ".yaml");
        Files.writeString(config, gateways.yaml("proc-" + node, cluster.startingAt(node), "PER_SESSION",
            "timeouts: {engagement: 10s, response: 10s}\n"));
        configs.add(config);
      }
      // The first starts alone: it writes the shared signing key the others then read.
      processes.add(GatewayProcess.start(configs.get(0)));
      processes.addAll(Flux.fromIterable(configs.subList(1, 3))
          .flatMapSequential(c -> Mono.fromCallable(() -> GatewayProcess.start(c)).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
          .collectList().block(Duration.ofMinutes(2)));
      GatewayProcess victim = processes.get(0);

      LoadGenerator generator = new LoadGenerator(new LoadGenerator.Options(
          processes.stream().map(GatewayProcess::url).toList(), SESSIONS, 9, WalletsCommand.defaultCreateBody(),
          cluster.urls().stream().map(URI::create).toList(), false, Duration.ofSeconds(30), Duration.ofSeconds(5)),
          SdJwtPresenter.of(TestGateways.credential()));
      CompletableFuture<List<LoadGenerator.SessionResult>> run = generator.runEach().collectList().toFuture();
      Mono.fromSupplier(() -> generator.progress().completed()).filter(n -> n >= SESSIONS / 3)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(5))).block(Duration.ofMinutes(2));
      long killedAt = System.nanoTime();
      victim.kill();
      assertThat(victim.awaitExit(WAIT)).as("SIGKILL").isEqualTo(137);

      List<LoadGenerator.SessionResult> results = run.get(3, TimeUnit.MINUTES);
      generator.closeWallets().block(WAIT);

      assertThat(results).hasSize(SESSIONS);
      // The survivors' sessions all completed, verified, before and after the kill.
      List<LoadGenerator.SessionResult> survivors = results.stream().filter(r -> !r.gateway().equals(victim.url())).toList();
      assertThat(survivors).hasSize(SESSIONS * 2 / 3).allSatisfy(r -> {
        assertThat(r.completed()).as("%s: %s", r.gateway(), r.failure()).isTrue();
        assertThat(r.verified()).isTrue();
      });
      // The victim's sessions: those finished before the kill completed; the rest ended with it.
      List<LoadGenerator.SessionResult> victims = results.stream().filter(r -> r.gateway().equals(victim.url())).toList();
      List<LoadGenerator.SessionResult> lost = victims.stream().filter(r -> !r.completed()).toList();
      assertThat(lost).isNotEmpty().allSatisfy(r -> assertThat(r.failure())
          .matches("events ended without an outcome.*|create:.*|timeout|.*Exception.*"));
      assertThat(victims.stream().filter(r -> r.completed() && r.startNanos() > killedAt)).as("nothing completes on a dead instance").isEmpty();

      Map<String, Long> byCause = lost.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.failure()), TreeMap::new, Collectors.counting()));
      BrokerNodeKilledTest.figure(String.format("gateway instance 1 of 3 killed (SIGKILL) under load: %d sessions, %d on the survivors all "
              + "completed; of the %d routed to the killed instance, %d completed before the kill and %d ended with it %s",
          SESSIONS, survivors.size(), victims.size(), victims.size() - lost.size(), lost.size(), byCause));
    } finally {
      processes.forEach(GatewayProcess::close);
      gateways.close();
    }
  }
}
