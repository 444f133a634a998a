package io.proxima.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.message.FrameKind;
import io.proxima.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many sessions over one gateway connection, through a real mosquitto. The figures (sessions per
 * second, latency) are recorded in {@code target/mqtt-figures.txt} and printed, never asserted:
 * wall-clock numbers belong to the JMH benchmarks. Reproduce with {@code mvn -B -ntp -pl
 * vertx-mqtt -am verify -Dtest=MqttScaleTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MqttScaleTest {

  static final int SESSIONS = 1_000;
  static final int LATENCY_SESSIONS = 300;
  static final Duration LIMIT = Duration.ofMinutes(2);

  final MosquittoBroker broker = MosquittoBroker.shared();

  @ParameterizedTest
  @EnumSource(SubscriptionStrategy.class)
  void aThousandConcurrentSessionsOverOneConnectionAllCompleteAndNoneIsLost(SubscriptionStrategy strategy) {
    MqttTransport transport = MqttTransport.create().broker(broker.url()).subscriptionStrategy(strategy);
    MqttGateway verifiers = transport.connect().block(Draft00Exchange.WAIT);
    MqttGateway wallets = transport.connect().block(Draft00Exchange.WAIT);
    try {
      AtomicInteger verified = new AtomicInteger();
      long start = System.nanoTime();
      List<Long> ids =
          Flux.range(0, SESSIONS)
              .flatMap(i -> oneSession(verifiers, wallets, i).doOnNext(ok -> verified.incrementAndGet()).thenReturn((long) i), SESSIONS)
              .collectList()
              .block(LIMIT);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(ids).hasSize(SESSIONS).doesNotHaveDuplicates();
      assertThat(verified).hasValue(SESSIONS);
      MqttStats stats = verifiers.stats();
      assertThat(stats.connects()).as("one connection, never replaced").isEqualTo(1);
      assertThat(stats.sessions()).isZero();
      assertThat(stats.subscriptions()).isEqualTo(strategy == SubscriptionStrategy.WILDCARD ? 1 : 0);
      assertThat(wallets.stats().subscriptions()).isZero();
      record(String.format(Locale.ROOT, "%d concurrent sessions, %s, QoS 0, one gateway connection: %.1f s, %.0f sessions/s",
          SESSIONS, strategy, seconds, SESSIONS / seconds));
    } finally {
      verifiers.close().block(Draft00Exchange.WAIT);
      wallets.close().block(Draft00Exchange.WAIT);
    }
  }

  @Test
  void sessionLatencyOverMosquitto() {
    MqttTransport transport = MqttTransport.create().broker(broker.url());
    MqttGateway verifiers = transport.connect().block(Draft00Exchange.WAIT);
    MqttGateway wallets = transport.connect().block(Draft00Exchange.WAIT);
    try {
      Histogram histogram = new Histogram(3);
      for (int i = 0; i < LATENCY_SESSIONS + 50; i++) {
        long t0 = System.nanoTime();
        oneSession(verifiers, wallets, i).block(Draft00Exchange.WAIT);
        if (i >= 50) {
          histogram.recordValue((System.nanoTime() - t0) / 1_000);
        }
      }
      assertThat(histogram.getTotalCount()).isEqualTo(LATENCY_SESSIONS);
      record(String.format(Locale.ROOT,
          "session latency (listen, Identify, request, submission, both closes; sequential, %d sessions after 50 warm-up): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
          LATENCY_SESSIONS,
          histogram.getValueAtPercentile(50) / 1000.0,
          histogram.getValueAtPercentile(90) / 1000.0,
          histogram.getValueAtPercentile(99) / 1000.0));
    } finally {
      verifiers.close().block(Draft00Exchange.WAIT);
      wallets.close().block(Draft00Exchange.WAIT);
    }
  }

  /** One whole session: emits true once both sides verified the other's plaintext and closed. */
  static Mono<Boolean> oneSession(MqttGateway verifiers, MqttGateway wallets, int i) {
    byte[] submission = Draft00Exchange.submission(Integer.toString(i));
    return Draft00Exchange.listen(verifiers)
        .flatMap(
            v ->
                Mono.zip(Draft00Exchange.verifierSide(v), Draft00Exchange.walletSide(wallets, v.engagement(), FrameKind.SUBMISSION, submission)))
        .flatMap(
            r -> {
              boolean ok =
                  r.getT1().kind() == FrameKind.SUBMISSION
                      && Arrays.equals(r.getT1().plaintext(), submission)
                      && Arrays.equals(r.getT2().request(), Draft00Exchange.REQUEST);
              return Mono.when(r.getT1().connection().close(), r.getT2().connection().close()).thenReturn(ok);
            })
        .filter(ok -> ok)
        .switchIfEmpty(Mono.error(() -> new AssertionError("session " + i + " exchanged wrong plaintext")));
  }

  private static void record(String figure) {
    System.out.println("FIGURE: " + figure);
    try {
      Files.writeString(
          Path.of("target", "mqtt-figures.txt"), figure + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("could not write target/mqtt-figures.txt: " + e);
    }
  }
}
