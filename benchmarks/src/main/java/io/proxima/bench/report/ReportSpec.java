package io.proxima.bench.report;

import static io.proxima.bench.report.Source.jmh;

import java.util.List;
import java.util.Map;

/**
 * The rows of the report: which result is divided by which baseline, and the targets of issue 6.
 * A row whose results are not in the run is left out, so a benchmark appears in the table once it
 * exists and has run. Benchmarks added later add their rows here (see benchmarks/README.md).
 */
public final class ReportSpec {

  /** Issue 6: session p50 ≤ 1.25× its baseline. */
  public static final Target SESSION_P50 = Target.ratioAtMost(1.25);
  /** Issue 6: cold first session ≤ 300 ms. */
  public static final Target COLD_FIRST_SESSION = Target.valueAtMost(300e6);
  /** Issue 6: heap per pending session ≤ 1 KB. */
  public static final Target HEAP_PER_PENDING_SESSION = Target.valueAtMost(1024);

  static final String FLOOR = "SessionBenchmark.twoSidedCryptoFloor";
  static final String IN_MEMORY = "SessionBenchmark.inMemorySession";
  static final String IN_MEMORY_SAME_THREAD = "SessionBenchmark.inMemorySessionSameThread";
  static final String IN_MEMORY_LEGS = "SessionBenchmark.inMemoryRawLegs";
  static final String RAW = "RawMqttBenchmark.threeLegs";

  private ReportSpec() {}

  public static List<Section> standard() {
    return List.of(session(), coldStart(), footprint(), rawMqtt(), crypto());
  }

  static Section session() {
    return new Section(
        "Session setup latency",
        "A full draft00 session (Identify 45 B, request 1.5 KB, submission 4 KB, real crypto) driven through the transport"
            + " SPI, SampleTime. The target is on its ratio to the two-sided crypto floor (the session's crypto on one thread),"
            + " the stricter baseline. Issue 6's formula adds the transport's three raw legs (same sizes, established"
            + " connections, no crypto); for the in-memory transport they swing between about 6 µs and 65 µs from run to run"
            + " (parallel workers spinning or parked), so that row is for information. The same-thread row delivers frames on"
            + " the sending thread: its gap to the parallel session is thread hand-offs.",
        List.of(
            Row.ratio(
                "in-memory session, p50",
                jmh("in-memory session p50", IN_MEMORY, Statistic.P50),
                jmh("two-sided crypto floor p50", FLOOR, Statistic.P50),
                SESSION_P50),
            Row.ratio(
                "in-memory session, p99",
                jmh("in-memory session p99", IN_MEMORY, Statistic.P99),
                jmh("two-sided crypto floor p99", FLOOR, Statistic.P99),
                null),
            Row.ratioToSum(
                "in-memory session, p50, vs raw legs + crypto",
                jmh("in-memory session p50", IN_MEMORY, Statistic.P50),
                List.of(jmh("3 raw in-memory legs p50", IN_MEMORY_LEGS, Statistic.P50), jmh("two-sided crypto floor p50", FLOOR, Statistic.P50)),
                null),
            Row.ratio(
                "in-memory session, same-thread delivery, p50",
                jmh("same-thread session p50", IN_MEMORY_SAME_THREAD, Statistic.P50),
                jmh("two-sided crypto floor p50", FLOOR, Statistic.P50),
                null)));
  }

  static Section coldStart() {
    return new Section(
        "Cold start",
        "The first session in a fresh JVM (SingleShotTime, mean of the forks), divided by the first two-sided crypto"
            + " floor in a fresh JVM. The target is on the absolute time.",
        List.of(
            Row.ratio(
                "first in-memory session in a fresh JVM",
                jmh("first session", "ColdStartBenchmark.firstInMemorySession", Statistic.MEAN),
                jmh("first two-sided crypto floor", "ColdStartBenchmark.firstCryptoFloor", Statistic.MEAN),
                COLD_FIRST_SESSION)));
  }

  static Section footprint() {
    return new Section(
        "Footprint",
        "Heap retained per pending session (verifier listening, no wallet yet), MemoryMXBean after full GC."
            + " \"listener\" is what the in-memory transport holds; \"pending session\" adds the verifier's key pair,"
            + " the engagement URI and a live Identify subscription. The OID4VP state machine's own state is not"
            + " included yet.",
        List.of(
            Row.absolute(
                "listener, 10k pending",
                new Source.Footprint("listener @10k", "listener", 10_000),
                HEAP_PER_PENDING_SESSION),
            Row.absolute(
                "listener, 100k pending",
                new Source.Footprint("listener @100k", "listener", 100_000),
                HEAP_PER_PENDING_SESSION),
            Row.absolute(
                "pending session, 10k pending",
                new Source.Footprint("pending session @10k", "pendingSession", 10_000),
                HEAP_PER_PENDING_SESSION),
            Row.ratio(
                "pending session, 100k pending",
                new Source.Footprint("pending session @100k", "pendingSession", 100_000),
                new Source.Footprint("same at 10k", "pendingSession", 10_000),
                HEAP_PER_PENDING_SESSION)));
  }

  static Section rawMqtt() {
    return new Section(
        "Raw MQTT baselines: client choice",
        "Three legs of a session without crypto or session code (45 B, 1.5 KB, 4 KB, each sent when the previous one"
            + " arrived), QoS 0, through a broker on 127.0.0.1. Ratios of each client to Vert.x (the project's client) on the"
            + " same broker, and of Moquette to mosquitto.",
        List.of(
            clientRow("hivemq", "mosquitto"),
            clientRow("paho", "mosquitto"),
            clientRow("hivemq", "moquette"),
            clientRow("paho", "moquette"),
            Row.ratio(
                "Vert.x, Moquette (embedded) vs mosquitto, p50",
                raw("Vert.x via Moquette p50", "vertx", "moquette"),
                raw("Vert.x via mosquitto, p50", "vertx", "mosquitto"),
                null)));
  }

  private static Row clientRow(String client, String broker) {
    String name = client.equals("hivemq") ? "HiveMQ" : "Paho";
    String brokerName = broker.equals("mosquitto") ? "mosquitto" : "Moquette";
    return Row.ratio(
        name + " client, " + brokerName + ", p50",
        raw(name + " p50", client, broker),
        raw("Vert.x client, " + brokerName + ", p50", "vertx", broker),
        null);
  }

  /** The raw 3-leg p50 of a client through a broker. */
  static Source.Jmh raw(String label, String client, String broker) {
    return jmh(label, RAW, Map.of("client", client, "broker", broker), Statistic.P50);
  }

  static Section crypto() {
    Source floor = jmh("two-sided crypto floor p50", FLOOR, Statistic.P50);
    Source bc = jmh("X25519 keygen + agreement, Bouncy Castle, p50", "CryptoBenchmark.x25519BouncyCastle", Statistic.P50);
    return new Section(
        "Crypto floor",
        "Through the project's own classes (X25519KeyPair, Draft00Session, AesGcm). JDK vs Bouncy Castle backs the choice"
            + " of Bouncy Castle for X25519; AES-GCM rows are shares of one session's whole crypto. Medians of SampleTime.",
        List.of(
            Row.ratio(
                "X25519 keygen + agreement, JDK (SunEC), p50",
                jmh("JDK", "CryptoBenchmark.x25519Jdk", Statistic.P50),
                bc,
                null),
            Row.ratio(
                "one side of draft00 setup (X25519 + SHA-256 + 2×HKDF), p50",
                jmh("one side", "CryptoBenchmark.draft00OneSide", Statistic.P50),
                bc,
                null),
            aesRow("seal", 1024, floor),
            aesRow("open", 1024, floor),
            aesRow("seal", 16384, floor),
            aesRow("open", 16384, floor)));
  }

  private static Row aesRow(String op, int size, Source floor) {
    String kb = (size / 1024) + " KB";
    return Row.ratio(
        "AES-256-GCM " + op + " " + kb + ", p50",
        jmh("AES-GCM " + op + " " + kb, "AesGcmBenchmark." + op, Map.of("size", Integer.toString(size)), Statistic.P50),
        floor,
        null);
  }
}
