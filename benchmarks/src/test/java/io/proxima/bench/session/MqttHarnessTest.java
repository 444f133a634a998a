package io.proxima.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.MqttStack;
import io.proxima.bench.fixture.Payloads;
import io.proxima.bench.flow.FlowFixture;
import io.proxima.bench.frame.ChannelRelay;
import io.proxima.bench.frame.RawRelay;
import io.proxima.bench.gateway.ClosedLoop;
import io.proxima.bench.mqtt.VertxProtocolSession;
import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.oid4vp.VerifierState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.scheduler.Schedulers;

/** The MQTT harnesses the benchmarks time do what they claim, a few times each, through mosquitto. */
class MqttHarnessTest {

  static Broker broker;
  static MqttStack stack;

  @BeforeAll
  static void start() {
    broker = Broker.Kind.MOSQUITTO.start();
    stack = MqttStack.open(broker, SubscriptionStrategy.PER_SESSION);
  }

  @AfterAll
  static void stop() {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      broker.close();
    }
  }

  @Test
  void draft00SessionsOverMqttDeliverTheSubmissionAndLeaveNoSession() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(Draft00Exchange.run(stack.verifier(), stack.wallets()).toFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(Payloads.submissionPlaintext());
    }
    assertThat(Draft00Exchange.run(stack.verifier(), stack.wallets(), Schedulers.parallel(), Schedulers.parallel())
            .toFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(Payloads.submissionPlaintext());
    assertThat(stack.verifier().stats().sessions()).isZero();
    assertThat(stack.verifier().stats().subscriptions()).isZero();
    assertThat(stack.wallets().stats().sessions()).isZero();
  }

  @Test
  void flowSessionsOverMqttAreAccepted() throws Exception {
    var verifier = FlowFixture.verifier(stack.verifier());
    var wallet = FlowFixture.wallet(stack.wallets());
    for (int i = 0; i < 3; i++) {
      assertThat(FlowFixture.session(verifier, wallet).toFuture().get(10, TimeUnit.SECONDS).state()).isEqualTo(VerifierState.ACCEPTED);
    }
    assertThat(stack.verifier().stats().sessions()).isZero();
  }

  @Test
  void rawProtocolSessionCompletesRepeatedlyOnFreshTopics() throws Exception {
    try (VertxProtocolSession raw = VertxProtocolSession.open(broker)) {
      for (int i = 0; i < 50; i++) {
        assertThat(raw.exchange().get(10, TimeUnit.SECONDS)).isEqualTo(Payloads.SUBMISSION_WIRE_SIZE);
      }
    }
  }

  @Test
  void channelAndRawRelaysBounceEveryFrame() throws Exception {
    try (ChannelRelay channel = ChannelRelay.open(stack.verifier(), stack.wallets(), 4096);
        RawRelay raw = RawRelay.open(broker, 4096)) {
      for (int i = 0; i < 20; i++) {
        assertThat(channel.exchange(10).get(10, TimeUnit.SECONDS)).isEqualTo(4096);
        assertThat(raw.exchange(10).get(10, TimeUnit.SECONDS)).isEqualTo(4096);
      }
    }
    assertThat(stack.verifier().stats().sessions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(SubscriptionStrategy.class)
  void closedLoopKeepsSessionsInFlightAndDrains(SubscriptionStrategy strategy) throws Exception {
    try (MqttStack gateway = MqttStack.open(broker, strategy)) {
      ClosedLoop load =
          new ClosedLoop(() -> Draft00Exchange.run(gateway.verifier(), gateway.wallets(), Schedulers.immediate(), Schedulers.parallel()),
              16, Duration.ofSeconds(10)).start();
      for (int i = 0; i < 64; i++) {
        load.awaitCompletion();
      }
      load.close();
      assertThat(load.completed()).isGreaterThanOrEqualTo(64);
      assertThat(gateway.verifier().stats().sessions()).isZero();
    }
  }
}
