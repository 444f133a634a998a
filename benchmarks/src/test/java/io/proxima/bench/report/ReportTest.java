package io.proxima.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  static final ObjectMapper JSON = new ObjectMapper();

  final Source.Inputs inputs = new Source.Inputs(jmh(), footprint(), ble());

  @Test
  void sessionP50IsDividedByTheCryptoFloorForInformation() {
    Report.Line line = line("Session setup latency", "in-memory session, p50");
    assertThat(line.value()).isEqualTo(250_000.0); // 250 us in ns
    assertThat(line.baselineValue()).isEqualTo(190_000.0);
    assertThat(line.ratio()).isCloseTo(250.0 / 190.0, within(1e-12));
    assertThat(line.status()).isEqualTo(Report.Status.NONE);
  }

  @Test
  void issueFormulaRowSumsRawLegsAndCryptoFloorAndCarriesTheTarget() {
    Report.Line line = line("Session setup latency", "in-memory session, p50, vs raw legs + crypto");
    assertThat(line.baselineValue()).isEqualTo(200_000.0); // legs 10 us + floor 190 us
    assertThat(line.ratio()).isEqualTo(1.25);
    assertThat(line.status()).isEqualTo(Report.Status.PASS); // the boundary is included
    assertThat(line.baselineLabel()).isEqualTo("3 raw in-memory legs p50 + two-sided crypto floor p50");
  }

  @Test
  void targetsIncludeTheirBoundary() {
    assertThat(ReportSpec.SESSION_P50.met(1, 1.25)).isTrue();
    assertThat(ReportSpec.SESSION_P50.met(1, 1.2501)).isFalse();
    assertThat(ReportSpec.HEAP_PER_PENDING_SESSION.met(1024, Double.NaN)).isTrue();
    assertThat(Target.ratioAtLeast(0.6).met(1, 0.59)).isFalse();
  }

  @Test
  void rowsWithoutTargetHaveNoStatus() {
    Report.Line p99 = line("Session setup latency", "in-memory session, p99");
    assertThat(p99.ratio()).isEqualTo(900.0 / 300.0);
    assertThat(p99.status()).isEqualTo(Report.Status.NONE);
    assertThat(line("Session setup latency", "in-memory session, same-thread delivery, p50").ratio())
        .isCloseTo(205.0 / 190.0, within(1e-12));
  }

  @Test
  void coldStartTargetIsOnTheAbsoluteTimeAndMsAreConvertedToNs() {
    Report.Line cold = line("Cold start", "first in-memory session in a fresh JVM");
    assertThat(cold.value()).isEqualTo(350e6);
    assertThat(cold.ratio()).isEqualTo(3.5);
    assertThat(cold.status()).isEqualTo(Report.Status.MISS);
  }

  @Test
  void footprintTargetIsOnTheRealStackAndAttributionRowsHaveNone() {
    Report.Line real = line("Footprint", "pending session, real stack (flow over MQTT gateway, per-session topics), 10k pending");
    assertThat(real.value()).isEqualTo(8000.0);
    assertThat(real.ratio()).isNaN();
    assertThat(real.status()).isEqualTo(Report.Status.MISS);
    Report.Line scaling = line("Footprint", "pending session, real stack (flow over MQTT gateway, per-session topics), 100k pending");
    assertThat(scaling.ratio()).isEqualTo(1.05);
    assertThat(scaling.status()).isEqualTo(Report.Status.MISS);
    Report.Line listener = line("Footprint", "in-memory listener only, 10k pending");
    assertThat(listener.value()).isEqualTo(900.0);
    assertThat(listener.status()).isEqualTo(Report.Status.NONE);
  }

  @Test
  void brokerMetricsAreCountsAndBytesAndMissingOnesAreLeftOut() {
    Report.Line subscriptions = line("Footprint", "broker subscriptions per pending session (mosquitto $SYS), 10k");
    assertThat(subscriptions.value()).isEqualTo(3.0);
    assertThat(subscriptions.unit()).isEqualTo(Unit.COUNT);
    assertThat(line("Footprint", "broker heap per pending session (mosquitto $SYS), 10k").unit()).isEqualTo(Unit.BYTES);
    assertThat(table("Footprint").missing()).extracting(Row::measure)
        .contains("broker subscriptions per pending session (mosquitto $SYS), 100k");
  }

  @Test
  void mqttSessionTargetRowSumsTheRawLegsOfTheSameBrokerAndTheFloor() {
    Report.Line line = line("Session setup latency over MQTT", "draft00 session over mosquitto, p50");
    assertThat(line.value()).isEqualTo(600_000.0);
    assertThat(line.baselineValue()).isEqualTo(800_000.0 + 190_000.0); // vertx via mosquitto + floor
    assertThat(line.status()).isEqualTo(Report.Status.PASS);
    assertThat(line.baselineLabel()).isEqualTo("3 raw Vert.x legs via mosquitto p50 + two-sided crypto floor p50");
  }

  @Test
  void gatewayThroughputIsARatioOfRatesAgainstTheBound() {
    Report.Line line = line("Gateway throughput", "PER_SESSION, 64 wallets");
    assertThat(line.value()).isEqualTo(3000.0);
    assertThat(line.baselineValue()).isEqualTo(10_000.0); // 10 ops/ms
    assertThat(line.ratio()).isEqualTo(0.3);
    assertThat(line.status()).isEqualTo(Report.Status.MISS);
  }

  @Test
  void perFrameCostDividesByTheRawPublish() {
    Report.Line line = line("Per-frame cost", "frame over the session channel, p50");
    assertThat(line.ratio()).isEqualTo(1.1);
    assertThat(line.status()).isEqualTo(Report.Status.PASS);
  }

  @Test
  void bleRowsDivideCountsByCountsAndTimesByTheIdealLink() {
    Report.Line trips = line("BLE over the in-memory GATT link", "MTU 185: GATT round trips");
    assertThat(trips.value()).isEqualTo(15.0);
    assertThat(trips.ratio()).isCloseTo(15.0 / 14.0, within(1e-12));
    Report.Line time = line("BLE over the in-memory GATT link", "MTU 185: transfer time, p50");
    assertThat(time.ratio()).isEqualTo(20.0); // 0.5 ms / 25 us
    assertThat(table("BLE over the in-memory GATT link").missing()).extracting(Row::measure).contains("MTU 23: GATT round trips");
  }

  @Test
  void clientRatiosSelectResultsByParameterAcrossUnits() {
    Report.Line hivemq = line("Raw MQTT baselines: client choice", "HiveMQ client, mosquitto, p50");
    assertThat(hivemq.value()).isEqualTo(600_000.0);
    assertThat(hivemq.baselineValue()).isEqualTo(800_000.0);
    assertThat(hivemq.ratio()).isEqualTo(0.75);
  }

  @Test
  void rowsWhoseResultsAreMissingAreLeftOutAndListed() {
    Report.Table mqtt = table("Raw MQTT baselines: client choice");
    assertThat(mqtt.lines()).extracting(l -> l.row().measure()).containsExactly("HiveMQ client, mosquitto, p50");
    assertThat(mqtt.missing()).extracting(Row::measure).contains("Paho client, mosquitto, p50");
    Report.Table crypto = table("Crypto floor");
    assertThat(crypto.lines()).extracting(l -> l.row().measure()).containsExactly("AES-256-GCM seal 1 KB, p50");
    assertThat(crypto.lines().get(0).ratio()).isCloseTo(1950.0 / 190_000.0, within(1e-12));
  }

  @Test
  void aRowMatchingSeveralResultsIsAnErrorNotAGuess() {
    Row ambiguous =
        Row.ratio("any raw", Source.jmh("raw", "RawMqttBenchmark.threeLegs", Statistic.P50), Source.jmh("floor", ReportSpec.FLOOR, Statistic.P50), null);
    assertThatThrownBy(() -> Report.compute(ambiguous, inputs))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("matches 2 results");
  }

  @Test
  void dividingDifferentUnitsIsRefused() {
    Row mixed =
        Row.ratio("bytes per ns", new Source.Footprint("fp", "listener", 10_000), Source.jmh("floor", ReportSpec.FLOOR, Statistic.P50), null);
    assertThatThrownBy(() -> Report.compute(mixed, inputs)).hasMessageContaining("divides BYTES by NANOS");
  }

  @Test
  void markdownStatesMachineJdkDateAndMarksMisses() {
    RunInfo info =
        new RunInfo("short", Instant.parse("2026-11-25T20:00:00Z"), Instant.parse("2026-11-25T20:07:30Z"), "Test CPU", 2,
            24L << 30, "Linux 6.1 amd64", "OpenJDK 17.0.15", "0.50 0.40 0.30", "1.90 1.00 0.50");
    String md = Report.markdown(ReportSpec.standard(), inputs, info);
    assertThat(md)
        .contains("**Machine:** Test CPU, 2 logical cores, 24 GiB, Linux 6.1 amd64")
        .contains("**JDK:** OpenJDK 17.0.15")
        .contains("**Date:** 2026-11-25 20:00 UTC, short profile, 7 min 30 s of benchmarks")
        .contains("| in-memory session, p50 | 250 µs | two-sided crypto floor p50 | 190 µs | **1.32×** | — |  |")
        .contains("| in-memory session, p50, vs raw legs + crypto | 250 µs | 3 raw in-memory legs p50 + two-sided crypto floor p50 | 200 µs | **1.25×** | ≤ 1.25× | pass |")
        .contains("| first in-memory session in a fresh JVM | 350 ms |")
        .contains("| ≤ 300 ms | **MISS** |")
        .contains("| in-memory listener only, 10k pending | 900 B | — | — | — | — |  |")
        .contains("| 185 | 15 | 14 | 47 | 47 | 2 |")
        .contains("Not measured in this run (filtered out): ")
        .contains("| RawMqttBenchmark.threeLegs | broker=mosquitto, client=hivemq | sample | 1 | 700 µs ± 10.0 µs | 600 µs | 1.50 ms |");
  }

  @Test
  void reportMainReadsTheRunFilesAndWritesTheTable(@TempDir Path dir) throws IOException {
    copy("sample-jmh-result.json", dir.resolve(ReportMain.JMH_FILE));
    copy("sample-footprint.json", dir.resolve(ReportMain.FOOTPRINT_FILE));
    copy("sample-ble.json", dir.resolve(ReportMain.BLE_FILE));
    RunInfo.startingNow("short").finishedNow().write(dir.resolve(ReportMain.RUN_INFO_FILE));
    Path out = ReportMain.write(dir);
    assertThat(out).hasFileName(ReportMain.REPORT_FILE);
    assertThat(Files.readString(out)).contains("## Session setup latency").contains("**Machine:**").contains("| MTU 185: GATT round trips |");
  }

  @Test
  void unknownJmhUnitsAreRejected() throws IOException {
    String json = "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"furlongs/op\"}}]";
    assertThatThrownBy(() -> JmhResults.parse(JSON.readTree(json))).hasMessageContaining("furlongs/op");
  }

  @Test
  void throughputUnitsAreConvertedToOpsPerSecond() throws IOException {
    String json = "[{\"benchmark\":\"a.B.c\",\"mode\":\"thrpt\",\"primaryMetric\":{\"score\":2.5,\"scoreUnit\":\"ops/ms\"}}]";
    Optional<JmhResults.Result> r = JmhResults.parse(JSON.readTree(json)).find("B.c", Map.of());
    assertThat(r).get().satisfies(x -> {
      assertThat(x.score()).isEqualTo(2500.0);
      assertThat(x.unit()).isEqualTo(Unit.OPS_PER_SECOND);
    });
  }

  private Report.Line line(String section, String measure) {
    return table(section).lines().stream()
        .filter(l -> l.row().measure().equals(measure))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + measure + "' in " + section));
  }

  private Report.Table table(String section) {
    List<Report.Table> tables = Report.compute(ReportSpec.standard(), inputs);
    return tables.stream().filter(t -> t.section().title().equals(section)).findFirst().orElseThrow();
  }

  private static JmhResults jmh() {
    try (InputStream in = ReportTest.class.getResourceAsStream("/sample-jmh-result.json")) {
      return JmhResults.parse(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BleResults ble() {
    try (InputStream in = ReportTest.class.getResourceAsStream("/sample-ble.json")) {
      return BleResults.parse(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FootprintResults footprint() {
    try (InputStream in = ReportTest.class.getResourceAsStream("/sample-footprint.json")) {
      return FootprintResults.parse(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = ReportTest.class.getResourceAsStream("/" + resource)) {
      Files.copy(in, to);
    }
  }
}
