package io.proxima.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.bench.fixture.Broker;
import io.proxima.bench.fixture.Payloads;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The raw session's packets complete repeatedly and leave no acknowledgement behind. */
class VertxProtocolSessionTest {

  @Test
  void everyAcknowledgementIsConsumedSoNoneIsMistakenForALaterPacketWithTheSameId() throws Exception {
    // Packet ids wrap after 65,535: an acknowledgement left over (the identify UNSUBACK, which
    // nobody awaits) would later complete another packet's wait early and lose a message.
    try (Broker broker = Broker.Kind.MOSQUITTO.start();
        VertxProtocolSession raw = VertxProtocolSession.open(broker)) {
      for (int i = 0; i < 200; i++) {
        assertThat(raw.exchange().get(10, TimeUnit.SECONDS)).isEqualTo(Payloads.SUBMISSION_WIRE_SIZE);
      }
      Flux.interval(Duration.ofMillis(5)).takeUntil(t -> raw.pendingAcks() == 0).blockLast(Duration.ofSeconds(5));
      assertThat(raw.pendingAcks()).isZero();
    }
  }
}
