package io.proxima.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.oid4vp.request.RequestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The configuration file: defaults, every section, and errors that name the field. */
class GatewayConfigTest {

  @TempDir Path dir;

  static final String MINIMAL = """
      transports:
        MQTT: {type: MQTT, params: {brokerUrl: "mqtt://127.0.0.1:1883"}}
      """;

  GatewayConfig parse(String yaml) {
    return GatewayConfig.parse(yaml, dir);
  }

  @Test
  void aMinimalFileGetsTheDefaults() {
    GatewayConfig c = parse(MINIMAL);
    assertThat(c.instanceId()).isEqualTo("gateway");
    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.mqtt().brokerUrls()).containsExactly("mqtt://127.0.0.1:1883");
    assertThat(c.mqtt().subscriptionStrategy()).isEqualTo(SubscriptionStrategy.PER_SESSION);
    assertThat(c.mqtt().qos()).isZero();
    assertThat(c.sessions().maxPending()).isEqualTo(1000);
    assertThat(c.sessions().maxRetained()).isEqualTo(10_000);
    assertThat(c.sessions().retention()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.sessions().exposeVpToken()).isFalse();
    assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.timeouts().engagement()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.trust().isEmpty()).isTrue();
    assertThat(c.verifier().signingKey()).isNull();
    assertThat(c.baseDir()).isEqualTo(dir.toString());
  }

  @Test
  void everySectionIsRead() {
    GatewayConfig c = parse("""
        instanceId: gw-7
        http: {host: 0.0.0.0, port: 9090, maxBodyBytes: 4096, publicUrl: "https://gw.example/"}
        transports:
          MQTT:
            type: MQTT
            enabled: true
            order: 1
            params:
              brokerUrls: ["mqtt://n1:1883", "mqtt://n2:1883"]
              advertisedBrokerUrl: "mqtts://broker.example:8883"
              clientId: gw-7
              username: gw
              passwordFile: secrets/mqtt-password
              tls: {caFile: ca.pem, hostnameVerification: true}
              subscriptionStrategy: wildcard
              qos: 1
              keepAlive: 30s
              connectTimeout: 5s
              reconnect: {initialBackoff: 100ms, maxBackoff: 5s}
              maxMessageSize: 2097152
          BLE: {type: BLE, enabled: false, order: 2}
        verifier: {signingKey: keys/verifier.jwk.json, didMethod: jwk, keyType: ED25519}
        trust: {jwks: [issuer-jwks.json], dids: ["did:key:z6Mk"]}
        timeouts: {listen: 5s, engagement: 2m, response: PT3M, validation: 10}
        sessions: {maxPending: 50, retryAfter: 3s, retention: 1h, maxRetained: 500, exposeVpToken: true}
        shutdown: {drainTimeout: 45s}
        """);
    assertThat(c.instanceId()).isEqualTo("gw-7");
    assertThat(c.http().publicUrl()).isEqualTo("https://gw.example");
    GatewayConfig.Mqtt m = c.mqtt();
    assertThat(m.brokerUrls()).containsExactly("mqtt://n1:1883", "mqtt://n2:1883");
    assertThat(m.subscriptionStrategy()).isEqualTo(SubscriptionStrategy.WILDCARD);
    assertThat(m.qos()).isEqualTo(1);
    assertThat(m.reconnect().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m.toString()).doesNotContain("secrets");
    assertThat(c.path(m.passwordFile())).isEqualTo(dir.resolve("secrets/mqtt-password"));
    assertThat(c.path(c.verifier().signingKey())).isEqualTo(dir.resolve("keys/verifier.jwk.json"));
    assertThat(c.verifier().didMethod()).isEqualTo("jwk");
    assertThat(c.timeouts().listen()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.timeouts().response()).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.timeouts().validation()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.timeouts().accept()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.sessions().maxPending()).isEqualTo(50);
    assertThat(c.sessions().exposeVpToken()).isTrue();
    assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void jsonFilesAreReadAsJson() throws Exception {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, """
        {"transports": {"MQTT": {"type": "MQTT", "params": {"brokerUrl": "mqtt://127.0.0.1:1883"}}},
         "presets": {"names": {"credentials": [{"id": "q", "format": "dc+sd-jwt", "meta": {"vct_values": ["t"]}}]}}}
        """);
    GatewayConfig c = GatewayConfig.load(file);
    assertThat(c.presetQueries()).containsKey("names");
    assertThat(c.baseDir()).isEqualTo(dir.toString());
  }

  @Test
  void mistakesAreErrorsThatNameTheField() {
    assertError(MINIMAL + "sesions: {maxPending: 1}\n", "unknown field 'sesions'");
    assertError(MINIMAL + "sessions: {maxPendng: 1}\n", "sessions: unknown field 'maxPendng'");
    assertError(MINIMAL + "sessions: {maxPending: 0}\n", "sessions.maxPending must be at least 1");
    assertError(MINIMAL + "shutdown: {drainTimeout: soon}\n", "'soon' is not a duration");
    assertError(MINIMAL + "http: {port: 70000}\n", "http.port");
    assertError("http: {port: 1}\n", "transports: missing");
    assertError("transports: {BLE: {type: BLE}}\n", "BLE is not supported by the gateway");
    assertError("transports: {MQTT: {type: MQTT, enabled: false, params: {brokerUrl: 'mqtt://h:1'}}}\n", "no enabled MQTT transport");
    assertError("transports: {MQTT: {type: MQTT, params: {}}}\n", "brokerUrl (or brokerUrls) is missing");
    assertError("transports: {MQTT: {type: MQTT, params: {brokerUrl: 'mqtt://h:1', brokerUrls: ['mqtt://h:2']}}}\n", "not both");
    assertError("transports: {MQTT: {type: MQTT, params: {brokerUrl: 'mqtt://h:1', colour: red}}}\n", "transports.MQTT.params: unknown field 'colour'");
    assertError("transports: {MQTT: {type: MQTT, params: {brokerUrl: 'mqtt://h:1', password: x}}}\n", "a password needs a username");
    assertError(MINIMAL + "presets: {bad: {credentials: []}}\n", "presets.bad: not a DCQL query");
    assertError(MINIMAL + "verifier: {didMethod: web}\n", "verifier.didMethod must be key or jwk");
    assertError("- a list\n", "expected a mapping");
    assertError("transports: [unclosed\n", "not valid YAML");
  }

  void assertError(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(GatewayConfigException.class).hasMessageContaining(message);
  }

  @Test
  void aMissingSigningKeyIsGeneratedOnceWithOwnerOnlyPermissionsAndReused() throws Exception {
    GatewayConfig c = parse(MINIMAL + "verifier: {signingKey: keys/verifier.jwk.json}\n");
    Path key = dir.resolve("keys/verifier.jwk.json");
    RequestSigner first = Identity.signer(c);
    assertThat(key).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    RequestSigner second = Identity.signer(c);
    assertThat(second.did()).isEqualTo(first.did());

    Files.writeString(key, "{\"kty\":\"EC\"}");
    assertThatThrownBy(() -> Identity.signer(c)).isInstanceOf(GatewayConfigException.class).hasMessageContaining("verifier.signingKey")
        .hasMessageContaining(key.toString());
    assertThat(Identity.signer(parse(MINIMAL)).did()).startsWith("did:key:");
  }

  @Test
  void untrustedFilesAreNamed() {
    GatewayConfig c = parse(MINIMAL + "trust: {jwks: [missing-jwks.json]}\n");
    assertThatThrownBy(() -> Identity.trust(c)).isInstanceOf(GatewayConfigException.class).hasMessageContaining("missing-jwks.json");
  }

  @Test
  void theCommandExitsWithCode2OnABadConfiguration() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "transports: {}\n");
    int code = new CommandLine(new GatewayCommand()).execute("--config", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(new CommandLine(new GatewayCommand()).execute()).as("--config is required").isEqualTo(2);
    assertThat(List.of(new CommandLine(new GatewayCommand()).getCommandSpec().name())).containsExactly("gateway");
  }
}
