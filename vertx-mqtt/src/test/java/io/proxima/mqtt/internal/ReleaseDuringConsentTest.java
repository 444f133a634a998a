package io.proxima.mqtt.internal;

import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.Draft00Session;
import io.proxima.message.FrameKind;
import io.proxima.message.IdentifyVersion;
import io.proxima.mqtt.Draft00Exchange;
import io.proxima.mqtt.MqttConnectionState;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.testing.MosquittoBroker;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Internals that the public API does not show: the wallet's own connection, and BlockHound. */
class ReleaseDuringConsentTest {

  final MosquittoBroker broker = MosquittoBroker.shared();

  @Test
  void aWalletCanReleaseTheBrokerDuringConsentAndReconnectToAnswer() {
    MqttGateway gateway = MqttTransport.create().broker(broker.url()).connect().block(WAIT);
    try {
      Draft00Exchange.Verifier v = Draft00Exchange.listen(gateway).block(WAIT);
      Mono<Draft00Exchange.VerifierResult> verifier = Draft00Exchange.verifierSide(v).cache();
      verifier.subscribe();

      Draft00Session crypto = Draft00Session.forWallet(v.id(), v.engagement().verifierPublicKey(), IdentifyVersion.V2);
      FrameConnection wallet = MqttTransport.create().releaseDuringConsent(true).connect(v.engagement()).block(WAIT);
      BrokerConnection own = ((MqttFrameConnection) wallet).session().broker;
      List<MqttConnectionState> states = new CopyOnWriteArrayList<>();
      own.state().subscribe(states::add);

      wallet.send(crypto.identify().toFrame()).block(WAIT);
      assertThat(crypto.openFrame(wallet.receive().next().block(WAIT))).isEqualTo(Draft00Exchange.REQUEST);
      // The request is in: the wallet lets go of the broker while the user decides.
      StepVerifier.create(own.state().filter(s -> s == MqttConnectionState.DISCONNECTED).next()).expectNextCount(1).expectComplete().verify(WAIT);
      assertThat(wallet.currentState()).isEqualTo(ConnectionState.OPEN);

      byte[] submission = Draft00Exchange.submission("released");
      wallet.send(crypto.sealFrame(FrameKind.SUBMISSION, submission)).block(WAIT);
      Draft00Exchange.VerifierResult result = verifier.block(WAIT);
      assertThat(result.plaintext()).isEqualTo(submission);
      assertThat(states).containsSubsequence(MqttConnectionState.CONNECTED, MqttConnectionState.DISCONNECTED, MqttConnectionState.RECONNECTING, MqttConnectionState.CONNECTED);
      assertThat(own.stats().connects()).isEqualTo(2);

      wallet.close().block(WAIT);
      result.connection().close().block(WAIT);
      StepVerifier.create(own.onClose()).expectComplete().verify(WAIT);
      assertThat(own.currentState()).isEqualTo(MqttConnectionState.CLOSED);
    } finally {
      gateway.close().block(WAIT);
    }
  }

  @Test
  void blockHoundWatchesTheVertxEventLoops() throws Exception {
    io.vertx.core.Vertx vertx = VertxSupport.shared().block(WAIT);
    java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        Thread.sleep(1);
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    assertThat(outcome.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isInstanceOf(BlockingOperationError.class);
  }
}
