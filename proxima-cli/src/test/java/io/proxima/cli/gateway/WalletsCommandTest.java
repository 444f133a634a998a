package io.proxima.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxima.cli.loadgen.WalletsCommand;
import io.proxima.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The load generator as a command: sessions through the API, verified outcomes, progress, throughput and percentiles. */
class WalletsCommandTest {

  final TestGateways gateways = new TestGateways();
  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    gateways.close();
  }

  @Test
  void theCommandRunsSessionsWithVerifiedCredentialsAndReportsThroughputAndPercentiles() throws Exception {
    Gateway g = gateways.start(gateways.yaml("wallets-1", List.of(MosquittoBroker.shared().url()), "PER_SESSION", ""));
    Path credentials = TestGateways.PID.credential().getParent();
    Path json = dir.resolve("report.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new WalletsCommand()).execute("--gateway", g.url().toString(), "--sessions", "40", "--concurrency", "8",
          "--credential-dir", credentials.toString(), "--preset", "pid", "--json", json.toString());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(report + err).isZero();
    assertThat(report).contains("sessions: 40 requested, 40 completed (40 verified), 0 failed")
        .containsPattern("throughput: [0-9.]+ sessions/s")
        .containsPattern("latency \\(POST to outcome\\) ms: p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("] 40/40 100%");
    JsonNode j = new ObjectMapper().readTree(Files.readString(json));
    assertThat(j.path("completed").asInt()).isEqualTo(40);
    assertThat(j.path("latency_ms").path("count").asInt()).isEqualTo(40);
    assertThat(j.path("throughput_per_s").asDouble()).isPositive();
    assertThat(g.sessions().pending()).isZero();
  }

  @Test
  void mintOnlyWritesACredentialTheGatewayCanTrust() {
    Path target = dir.resolve("pid");
    int code = new CommandLine(new WalletsCommand()).execute("--mint-only", "--credential-dir", target.toString());
    assertThat(code).isZero();
    assertThat(target.resolve("credential.sd-jwt")).exists();
    assertThat(target.resolve("holder-key.jwk.json")).exists();
    assertThat(target.resolve("issuer-jwks.json")).exists();
    assertThat(new CommandLine(new WalletsCommand()).execute("--sessions", "1")).as("--gateway is needed to run").isEqualTo(2);
  }
}
