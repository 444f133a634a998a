package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.error.SessionTimeoutException;
import io.proxima.message.FrameKind;
import io.proxima.testing.MosquittoBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** TLS with a CA generated in the test, authentication, and connection failures, each typed. */
class MqttConnectionTest {

  @TempDir Path dir;
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  MosquittoBroker tlsBroker(TestPki pki, TestPki.Issued server, boolean requireClientCert) {
    MosquittoBroker b = MosquittoBroker.start(MosquittoBroker.Config.plain().tls(pki.caFile(), server.certificate(), server.key(), requireClientCert));
    cleanup.add(b);
    return b;
  }

  @Test
  void tlsWithATestCaHostnameVerificationAndAClientCertificateCarriesAFullExchange() {
    TestPki pki = TestPki.create(dir, "good");
    MosquittoBroker broker = tlsBroker(pki, pki.server("broker", "127.0.0.1", "localhost"), true);
    assertThat(broker.url()).startsWith("mqtts://");
    TestPki.Issued client = pki.client("client");
    MqttTransport tls = MqttTransport.create().broker(broker.url()).tls(MqttTls.defaults().trust(pki.caFile()).clientCertificate(client.certificate(), client.key()));

    MqttGateway g = tls.connect().block(WAIT);
    cleanup.add(() -> g.close().block(WAIT));
    Draft00Exchange.Verifier v = Draft00Exchange.listen(g).block(WAIT);
    assertThat(v.engagement().mqtt().orElseThrow().brokerUrl().getScheme()).isEqualTo("mqtts");
    byte[] submission = Draft00Exchange.submission("tls");
    var r = Mono.zip(Draft00Exchange.verifierSide(v), Draft00Exchange.walletSide(tls, v.engagement(), FrameKind.SUBMISSION, submission)).block(WAIT);
    assertThat(r.getT1().plaintext()).isEqualTo(submission);
    r.getT1().connection().close().block(WAIT);
    r.getT2().connection().close().block(WAIT);
  }

  @Test
  void aBrokerCertificateFromAnotherCaIsATlsError() {
    TestPki pki = TestPki.create(dir, "real");
    TestPki other = TestPki.create(dir, "other");
    MosquittoBroker broker = tlsBroker(pki, pki.server("broker", "127.0.0.1"), false);
    StepVerifier.create(MqttTransport.create().broker(broker.url()).tls(MqttTls.defaults().trust(other.caFile())).connect())
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(MqttTlsException.class).hasMessageContaining("TLS handshake").hasMessageContaining(broker.url()))
        .verify(WAIT);
  }

  @Test
  void aBrokerCertificateForAnotherHostIsATlsErrorUnlessVerificationIsOff() {
    TestPki pki = TestPki.create(dir, "named");
    MosquittoBroker broker = tlsBroker(pki, pki.server("broker", "broker.example"), false);
    MqttTransport t = MqttTransport.create().broker(broker.url()).tls(MqttTls.defaults().trust(pki.caFile()));
    StepVerifier.create(t.connect()).expectError(MqttTlsException.class).verify(WAIT);
    // Only the host name was wrong: without the check (private CA only) the same CA is accepted.
    MqttGateway g = t.tls(MqttTls.defaults().trust(pki.caFile()).hostnameVerification(false)).connect().block(WAIT);
    assertThat(g.currentState()).isEqualTo(MqttConnectionState.CONNECTED);
    g.close().block(WAIT);
  }

  @Test
  void withoutTheRequiredClientCertificateTheConnectionFailsTyped() {
    TestPki pki = TestPki.create(dir, "mtls");
    MosquittoBroker broker = tlsBroker(pki, pki.server("broker", "127.0.0.1"), true);
    StepVerifier.create(MqttTransport.create().broker(broker.url()).tls(MqttTls.defaults().trust(pki.caFile())).connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MqttTlsException.class).hasMessageContaining("certificate"))
        .verify(WAIT);
  }

  @Test
  void credentialsAreCheckedAndAWrongPasswordIsARefusal() throws Exception {
    Path passwords = dir.resolve("passwd");
    Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", passwords.toString(), "gateway", "s3cret").redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    TestPki.readableByBroker(dir);
    TestPki.readableByBroker(passwords);
    MosquittoBroker broker = MosquittoBroker.start(MosquittoBroker.Config.plain().passwords(passwords));
    cleanup.add(broker);
    MqttGateway g = MqttTransport.create().broker(broker.url()).credentials("gateway", "s3cret").connect().block(WAIT);
    assertThat(g.currentState()).isEqualTo(MqttConnectionState.CONNECTED);
    g.close().block(WAIT);

    StepVerifier.create(MqttTransport.create().broker(broker.url()).credentials("gateway", "wrong").connect())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(MqttConnectionRefusedException.class).hasMessageNotContaining("wrong");
              assertThat(((MqttConnectionRefusedException) e).returnCode()).isIn(4, 5);
            })
        .verify(WAIT);
    StepVerifier.create(MqttTransport.create().broker(broker.url()).connect()).expectError(MqttConnectionRefusedException.class).verify(WAIT);
    assertThat(MqttTransport.create().credentials("gateway", "s3cret").config().toString()).doesNotContain("s3cret");
  }

  @Test
  void anUnreachableBrokerIsAConnectError() {
    int port = MosquittoBroker.freePort();
    StepVerifier.create(MqttTransport.create().broker("mqtt://127.0.0.1:" + port).connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MqttConnectException.class).hasMessageContaining("127.0.0.1:" + port))
        .verify(WAIT);
  }

  @Test
  void aBrokerThatNeverAnswersConnectTimesOutTyped() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException done) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      StepVerifier.create(
              MqttTransport.create().broker("mqtt://127.0.0.1:" + silent.getLocalPort()).connectTimeout(Duration.ofMillis(500)).connect())
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("broker CONNACK"))
          .verify(WAIT);
    }
  }

  @Test
  void brokerUrlsAreValidated() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MqttTransport.create().broker("http://127.0.0.1:1883"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mqtt://");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MqttTransport.create().broker("mqtt://127.0.0.1"))
        .hasMessageContaining("explicit port");
    StepVerifier.create(MqttTransport.create().connect()).expectError(IllegalStateException.class).verify(WAIT);
    assertThat(Files.exists(dir)).isTrue();
  }
}
