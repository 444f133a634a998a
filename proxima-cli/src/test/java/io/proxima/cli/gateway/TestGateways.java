package io.proxima.cli.gateway;

import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gateways for tests: a configuration written as YAML (so the parser is exercised too), trusting
 * the issuer of a test PID that the wallets present.
 */
final class TestGateways implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  /** One test PID per JVM, with its issuer JWKS in a file. */
  static final CredentialFiles PID = mint();

  static final String PID_PRESET = """
      pid:
        credentials:
          - id: pid
            format: dc+sd-jwt
            meta: {vct_values: ["urn:eudi:pid:1"]}
            claims:
              - path: [given_name]
              - path: [family_name]
              - path: [age_equal_or_over, "18"]
      """;

  private final List<Gateway> started = new ArrayList<>();
  private final Path dir;

  TestGateways() {
    try {
      dir = Files.createTempDirectory("proxima-gateway-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CredentialFiles mint() {
    try {
      return TestCredentials.pid(SdJwtVcIssuer.generate()).writeTo(Files.createTempDirectory("proxima-pid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration of a gateway on these brokers; {@code extra} is appended (YAML sections). */
  String yaml(String instanceId, List<String> brokers, String strategy, String extra) {
    return "instanceId: " + instanceId + "\n"
        + "http: {host: 127.0.0.1, port: 0}\n"
        + "transports:\n"
        + "  MQTT:\n"
        + "    type: MQTT\n"
        + "    enabled: true\n"
        + "    order: 1\n"
        + "    params:\n"
        + "      brokerUrls: [" + brokers.stream().collect(Collectors.joining(", ")) + "]\n"
        + "      subscriptionStrategy: " + strategy + "\n"
        + "      reconnect: {initialBackoff: 100ms, maxBackoff: 1s}\n"
        + "  BLE: {type: BLE, enabled: false, order: 2}\n"
        + "verifier: {signingKey: verifier-key.jwk.json}\n"
        + "trust: {jwks: [" + PID.issuerJwks() + "]}\n"
        + "presets:\n" + PID_PRESET.indent(2)
        + extra;
  }

  Gateway start(String yaml) {
    Gateway g = Gateway.start(GatewayConfig.parse(yaml, dir));
    started.add(g);
    return g;
  }

  Gateway start(String instanceId, String broker) {
    return start(yaml(instanceId, List.of(broker), "PER_SESSION", ""));
  }

  Path dir() {
    return dir;
  }

  static GatewayClient client(Gateway g) {
    return GatewayClient.create(g.url(), 64);
  }

  static HeldCredential credential() {
    return PID.loadCredential();
  }

  /** A wallet with its own MQTT connection per session, like a phone, presenting the test PID. */
  static Wallet wallet() {
    return wallet(SdJwtPresenter.of(credential()));
  }

  static Wallet wallet(PresentationProvider provider) {
    return Wallet.create(provider).transport(MqttTransport.create().reconnect(ReconnectPolicy.disabled()));
  }

  @Override
  public void close() {
    for (Gateway g : started) {
      reactor.core.publisher.Flux.fromIterable(g.sessions().live()).flatMap(GatewaySession::cancel).then().block(WAIT);
      g.shutdown().block(WAIT);
    }
  }
}
