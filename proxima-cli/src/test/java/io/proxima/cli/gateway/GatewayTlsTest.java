package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.GatewayApiTest.body;
import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.mqtt.MqttConnectionRefusedException;
import io.proxima.mqtt.MqttTls;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.mqtt.TestPki;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletState;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import io.proxima.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's TLS (CA, client certificate) and credentials (password file) reach the broker connection. */
class GatewayTlsTest {

  @TempDir Path dir;
  final TestGateways gateways = new TestGateways();
  MosquittoBroker broker;

  @AfterEach
  void tearDown() {
    gateways.close();
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aGatewayOnAMutualTlsBrokerWithAPasswordRunsSessions() throws Exception {
    TestPki pki = TestPki.create(dir, "gw");
    TestPki.Issued server = pki.server("broker", "127.0.0.1");
    TestPki.Issued client = pki.client("gateway");
    Path passwords = dir.resolve("passwd");
    Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", passwords.toString(), "gw", "s3cret").redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    TestPki.readableByBroker(dir);
    TestPki.readableByBroker(passwords);
    broker = MosquittoBroker.start(MosquittoBroker.Config.plain().tls(pki.caFile(), server.certificate(), server.key(), true).passwords(passwords));
    Path secret = dir.resolve("mqtt-password");
    Files.writeString(secret, "s3cret\n");

    String tls = "        tls: {caFile: " + pki.caFile() + ", certificateFile: " + client.certificate() + ", keyFile: " + client.key() + "}\n";
    String yaml = gateways.yaml("tls-1", List.of(broker.url()), "PER_SESSION", "")
        .replace("      reconnect:", "      username: gw\n      passwordFile: " + secret + "\n" + tls.substring(2) + "      reconnect:");
    Gateway g = gateways.start(yaml);
    assertThat(g.mqtt().brokerUrl().getScheme()).isEqualTo("mqtts");

    GatewayClient client0 = TestGateways.client(g);
    GatewayClient.Created created = client0.create(body("{\"preset\": \"pid\"}")).block(WAIT);
    assertThat(created.engagementUri()).contains("brokerUrl=mqtts");
    MqttTransport walletMqtt = MqttTransport.create().reconnect(ReconnectPolicy.disabled()).credentials("gw", "s3cret")
        .tls(MqttTls.defaults().trust(pki.caFile()).clientCertificate(client.certificate(), client.key()));
    Wallet wallet = Wallet.create(SdJwtPresenter.of(TestGateways.credential())).transport(walletMqtt);
    assertThat(wallet.session(created.engagementUri()).result().block(WAIT).state()).isEqualTo(WalletState.SUBMITTED);
    String outcome = client0.events(created.id()).filter(e -> e.event().equals("outcome")).next().block(WAIT).data();
    assertThat(outcome).contains("\"state\":\"ACCEPTED\"").contains("\"verified\":true");

    // A wrong password is a refusal at start, named, without the password.
    Files.writeString(secret, "wrong\n");
    assertThatThrownBy(() -> gateways.start(yaml.replace("instanceId: tls-1", "instanceId: tls-2")))
        .isInstanceOf(MqttConnectionRefusedException.class)
        .hasMessageNotContaining("wrong");
  }
}
