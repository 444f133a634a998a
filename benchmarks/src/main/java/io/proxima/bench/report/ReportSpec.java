package io.proxima.bench.report;

import static io.proxima.bench.report.Source.jmh;

import java.util.ArrayList;
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
  /** Issue 6: gateway throughput ≥ 0.6 of the crypto-only bound. */
  public static final Target THROUGHPUT = Target.ratioAtLeast(0.6);
  /** Issue 6: per-frame cost ≤ 1.10× a raw publish. */
  public static final Target PER_FRAME = Target.ratioAtMost(1.10);

  static final String FLOOR = "SessionBenchmark.twoSidedCryptoFloor";
  static final String IN_MEMORY = "SessionBenchmark.inMemorySession";
  static final String IN_MEMORY_SAME_THREAD = "SessionBenchmark.inMemorySessionSameThread";
  static final String IN_MEMORY_LEGS = "SessionBenchmark.inMemoryRawLegs";
  static final String RAW = "RawMqttBenchmark.threeLegs";
  static final String FLOW_FLOOR = "SessionBenchmark.flowCryptoFloor";
  static final String IN_MEMORY_FLOW = "SessionBenchmark.inMemoryFlowSession";
  static final String MQTT_DRAFT00 = "MqttSessionBenchmark.draft00Session";
  static final String MQTT_RAW_SESSION = "MqttSessionBenchmark.rawProtocolSession";
  static final String MQTT_FLOW = "MqttSessionBenchmark.flowSession";
  static final String GATEWAY = "GatewayThroughputBenchmark.session";
  static final String CRYPTO_ALL_CORES = "CryptoThroughputBenchmark.cryptoOnlySessions";
  static final String CRYPTO_ONE_THREAD = "CryptoThroughputBenchmark.cryptoOnlySessionsOneThread";
  static final String CHANNEL_FRAME = "FrameBenchmark.channelFrame";
  static final String RAW_FRAME = "FrameBenchmark.rawVertxPublish";
  static final String BLE_TRANSFER = "BleBenchmark.transfer";
  static final String BLE_IDEAL = "BleBenchmark.idealOperations";
  /** The broker kinds of the MQTT rows. */
  static final List<String> BROKERS = List.of("mosquitto", "moquette");
  /** The gateway benchmark's parameters. */
  static final List<String> STRATEGIES = List.of("PER_SESSION", "WILDCARD");
  static final List<Integer> WALLETS = List.of(1, 64, 1024);

  private ReportSpec() {}

  public static List<Section> standard() {
    return List.of(mqttSession(), gateway(), frame(), footprint(), coldStart(), ble(), session(), rawMqtt(), crypto());
  }

  static Section session() {
    return new Section(
        "Session setup latency",
        "A full draft00 session (Identify 45 B, request 1.5 KB, submission 4 KB, real crypto) driven through the transport"
            + " SPI, SampleTime. The target is on issue 6's baseline: the transport's three raw legs (same sizes, established"
            + " connections, no crypto) plus the two-sided crypto floor (the session's crypto on one thread). The legs are"
            + " thread hand-offs to Reactor's parallel workers, 6 µs to 65 µs from run to run (workers spinning on a loaded"
            + " machine or parked on an idle one), and the session makes the same hand-offs: divided by the crypto floor alone,"
            + " the ratio measures the machine's wake-up latency (1.15× on a loaded machine, 1.5× on an idle one, same code)."
            + " The same-thread row delivers frames on the sending thread: the session code's own cost over the crypto.",
        List.of(
            Row.ratio(
                "in-memory session, p50",
                jmh("in-memory session p50", IN_MEMORY, Statistic.P50),
                jmh("two-sided crypto floor p50", FLOOR, Statistic.P50),
                null),
            Row.ratio(
                "in-memory session, p99",
                jmh("in-memory session p99", IN_MEMORY, Statistic.P99),
                jmh("two-sided crypto floor p99", FLOOR, Statistic.P99),
                null),
            Row.ratioToSum(
                "in-memory session, p50, vs raw legs + crypto",
                jmh("in-memory session p50", IN_MEMORY, Statistic.P50),
                List.of(jmh("3 raw in-memory legs p50", IN_MEMORY_LEGS, Statistic.P50), jmh("two-sided crypto floor p50", FLOOR, Statistic.P50)),
                SESSION_P50),
            Row.ratio(
                "in-memory session, same-thread delivery, p50",
                jmh("same-thread session p50", IN_MEMORY_SAME_THREAD, Statistic.P50),
                jmh("two-sided crypto floor p50", FLOOR, Statistic.P50),
                null),
            Row.ratio(
                "in-memory flow session (oid4vp-flow), p50",
                jmh("flow session p50", IN_MEMORY_FLOW, Statistic.P50),
                jmh("flow crypto floor p50", FLOW_FLOOR, Statistic.P50),
                null),
            Row.ratio(
                "in-memory flow session vs draft00 session, p50",
                jmh("flow session p50", IN_MEMORY_FLOW, Statistic.P50),
                jmh("draft00 session p50", IN_MEMORY, Statistic.P50),
                null)));
  }

  static Section coldStart() {
    Source firstFloor = jmh("first two-sided crypto floor", "ColdStartBenchmark.firstCryptoFloor", Statistic.MEAN);
    return new Section(
        "Cold start",
        "The first session in a fresh JVM (SingleShotTime, mean of the forks), divided by the first two-sided crypto"
            + " floor in a fresh JVM. The target is on the absolute time. Over MQTT the shot includes creating the"
            + " library's Vert.x instance and connecting the verifier's gateway and the wallet's own connection to a"
            + " mosquitto started before it. \"with AppCDS\" runs the same shot with an application class-data archive"
            + " made by a training run (the runner makes it; a deployment measure, see the README).",
        List.of(
            Row.ratio(
                "first MQTT session in a fresh JVM",
                jmh("first MQTT session", "ColdStartBenchmark.firstMqttSession", Statistic.MEAN),
                firstFloor,
                COLD_FIRST_SESSION),
            Row.ratio(
                "first MQTT session in a fresh JVM, with AppCDS",
                jmh("first MQTT session, AppCDS", "ColdStartWithCdsBenchmark.firstMqttSession", Statistic.MEAN),
                jmh("first two-sided crypto floor, AppCDS", "ColdStartWithCdsBenchmark.firstCryptoFloor", Statistic.MEAN),
                COLD_FIRST_SESSION),
            Row.ratio(
                "first in-memory session in a fresh JVM",
                jmh("first session", "ColdStartBenchmark.firstInMemorySession", Statistic.MEAN),
                firstFloor,
                COLD_FIRST_SESSION)));
  }

  static Section footprint() {
    List<Row> rows = new ArrayList<>();
    for (int n : List.of(10_000, 100_000)) {
      String k = n / 1000 + "k";
      rows.add(
          n == 10_000
              ? Row.absolute(
                  "pending session, real stack (flow over MQTT gateway, per-session topics), " + k + " pending",
                  new Source.Footprint("flow session over MQTT @" + k, "mqttFlowSession", n),
                  HEAP_PER_PENDING_SESSION)
              : Row.ratio(
                  "pending session, real stack (flow over MQTT gateway, per-session topics), " + k + " pending",
                  new Source.Footprint("flow session over MQTT @" + k, "mqttFlowSession", n),
                  new Source.Footprint("same at 10k", "mqttFlowSession", 10_000),
                  HEAP_PER_PENDING_SESSION));
    }
    for (int n : List.of(10_000, 100_000)) {
      String k = n / 1000 + "k";
      rows.add(Row.absolute("broker subscriptions per pending session (mosquitto $SYS), " + k,
          new Source.Footprint("subscriptions @" + k, "mqttFlowSession", n, Source.FootprintMetric.BROKER_SUBSCRIPTIONS), null));
      rows.add(Row.absolute("broker heap per pending session (mosquitto $SYS), " + k,
          new Source.Footprint("broker heap @" + k, "mqttFlowSession", n, Source.FootprintMetric.BROKER_HEAP_BYTES), null));
    }
    for (String[] v : new String[][] {
        {"mqttListener", "MQTT gateway listener only (transport)"},
        {"flowSession", "flow session over the in-memory transport"},
        {"pendingSession", "in-memory listener + key pair + QR + Identify subscription"},
        {"listener", "in-memory listener only"}}) {
      for (int n : List.of(10_000, 100_000)) {
        String k = n / 1000 + "k";
        rows.add(Row.absolute(v[1] + ", " + k + " pending", new Source.Footprint(v[0] + " @" + k, v[0], n), null));
      }
    }
    return new Section(
        "Footprint",
        "Heap retained per pending session (verifier listening, no wallet yet), MemoryMXBean after full GC, in a JVM of"
            + " its own. The target row is the real stack: an oid4vp-flow VerifierSession in ENGAGED over an MqttGateway"
            + " with per-session topics, through mosquitto; the broker's subscriptions and heap come from its $SYS"
            + " topics. The other rows split that figure: the MQTT transport's listener alone, the flow over the"
            + " in-memory transport, and the in-memory transport's listener.",
        rows);
  }

  static Section mqttSession() {
    List<Row> rows = new ArrayList<>();
    Source floor = jmh("two-sided crypto floor p50", FLOOR, Statistic.P50);
    Source flowFloor = jmh("flow crypto floor p50", FLOW_FLOOR, Statistic.P50);
    for (String broker : BROKERS) {
      String name = broker.equals("mosquitto") ? "mosquitto" : "Moquette";
      Map<String, String> p = Map.of("broker", broker);
      Source session = jmh("draft00 over " + name + " p50", MQTT_DRAFT00, p, Statistic.P50);
      rows.add(Row.ratioToSum("draft00 session over " + name + ", p50", session,
          List.of(raw("3 raw Vert.x legs via " + name + " p50", "vertx", broker), floor), SESSION_P50));
      rows.add(Row.ratioToSum("draft00 session over " + name + ", p99",
          jmh("draft00 over " + name + " p99", MQTT_DRAFT00, p, Statistic.P99),
          List.of(jmh("3 raw Vert.x legs via " + name + " p99", RAW, Map.of("client", "vertx", "broker", broker), Statistic.P99),
              jmh("two-sided crypto floor p99", FLOOR, Statistic.P99)),
          null));
      rows.add(Row.ratioToSum("draft00 session over " + name + ", p50, vs the raw session's packets + crypto", session,
          List.of(jmh("raw Vert.x session packets via " + name + " p50", MQTT_RAW_SESSION, p, Statistic.P50), floor), null));
      Source flow = jmh("flow over " + name + " p50", MQTT_FLOW, p, Statistic.P50);
      rows.add(Row.ratioToSum("flow session over " + name + ", p50", flow,
          List.of(raw("3 raw Vert.x legs via " + name + " p50", "vertx", broker), flowFloor), null));
      rows.add(Row.ratio("flow session vs draft00 session over " + name + ", p50", flow, session, null));
    }
    return new Section(
        "Session setup latency over MQTT",
        "A full session (Identify 45 B, request 1.5 KB, submission 4 KB, real crypto) between a verifier MqttGateway with"
            + " per-session subscriptions and a wallet on an established connection, through a broker on 127.0.0.1,"
            + " SampleTime. The target row divides it by issue 6's baseline: the three raw Vert.x legs (same broker) plus"
            + " the two-sided crypto floor. A session also needs the packets the legs leave out (two SUBSCRIBEs before"
            + " Identify, three UNSUBSCRIBEs at the end, PROTOCOL.md §4); the \"raw session's packets\" rows divide by all"
            + " of them, sent by raw Vert.x clients without any session code. Flow rows drive the session by the"
            + " oid4vp-flow state machines (ES256-signed request, request verification, structural validation) and"
            + " divide by their own crypto floor (draft00 + signing + request verification).",
        rows);
  }

  static Section gateway() {
    List<Row> rows = new ArrayList<>();
    Source bound = jmh("crypto-only sessions/s, all cores", CRYPTO_ALL_CORES, Statistic.MEAN);
    for (String strategy : STRATEGIES) {
      for (int wallets : WALLETS) {
        rows.add(Row.ratio(
            strategy + ", " + wallets + (wallets == 1 ? " wallet" : " wallets"),
            jmh("completed sessions/s", GATEWAY, Map.of("strategy", strategy, "wallets", Integer.toString(wallets)), Statistic.MEAN),
            bound,
            THROUGHPUT));
      }
    }
    for (String strategy : STRATEGIES) {
      rows.add(Row.ratio(
          strategy + ", 1 wallet, vs crypto-only on one thread",
          jmh("completed sessions/s", GATEWAY, Map.of("strategy", strategy, "wallets", "1"), Statistic.MEAN),
          jmh("crypto-only sessions/s, one thread", CRYPTO_ONE_THREAD, Statistic.MEAN),
          null));
    }
    return new Section(
        "Gateway throughput",
        "Completed draft00 sessions per second with 1, 64 and 1,024 sessions in flight at all times against ONE verifier"
            + " broker connection (MqttGateway), per subscription strategy, through mosquitto; the wallets share one"
            + " load-generator connection and run their side on Reactor's parallel scheduler, as other devices would. The"
            + " bound is the two-sided crypto of a session on as many threads as the machine has cores, on the same"
            + " machine: both sides' crypto runs here in both measurements. One wallet in flight is one session at a"
            + " time, so its natural bound is the crypto on one thread (last rows).",
        rows);
  }

  static Section frame() {
    return new Section(
        "Per-frame cost",
        "Frames of 4 KB bounced over the established channel of one accepted MQTT session (the verifier's and the"
            + " wallet's FrameConnection, each frame sent from the receiver's delivery callback), divided by raw Vert.x"
            + " publishes bounced alike through the same broker. Time per frame (10 frames per operation), SampleTime.",
        List.of(
            Row.ratio("frame over the session channel, p50",
                jmh("channel frame p50", CHANNEL_FRAME, Statistic.P50), jmh("raw Vert.x publish p50", RAW_FRAME, Statistic.P50), PER_FRAME),
            Row.ratio("frame over the session channel, p99",
                jmh("channel frame p99", CHANNEL_FRAME, Statistic.P99), jmh("raw Vert.x publish p99", RAW_FRAME, Statistic.P99), null)));
  }

  static Section ble() {
    List<Row> rows = new ArrayList<>();
    for (int mtu : List.of(23, 185, 512)) {
      rows.add(Row.ratio("MTU " + mtu + ": GATT round trips",
          new Source.Ble("round trips", mtu, Source.BleMetric.ROUND_TRIPS),
          new Source.Ble("ideal round trips", mtu, Source.BleMetric.IDEAL_ROUND_TRIPS), null));
      rows.add(Row.ratio("MTU " + mtu + ": transfer time, p50",
          jmh("transfer p50", BLE_TRANSFER, Map.of("mtu", Integer.toString(mtu)), Statistic.P50),
          jmh("ideal operations on the link p50", BLE_IDEAL, Map.of("mtu", Integer.toString(mtu)), Statistic.P50), null));
    }
    return new Section(
        "BLE over the in-memory GATT link",
        "A 1.5 KB request and an 8 KB submission through the BLE transport over InMemoryAir (no loss, no injected"
            + " latency), from the wallet's Identify write to the verifier holding the submission. The ideal is the"
            + " fewest GATT operations the protocol needs (Identify, Request Size, one read per request chunk, the"
            + " empty missing list, Content Size, one write command per submission chunk, the summary request, two"
            + " notifications) and nothing else: round trips are counted, and its time is measured on the same kind of"
            + " link against a service that only answers.",
        rows);
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
            Row.ratio(
                "flow crypto floor (draft00 + ES256 request signature and verification), p50",
                jmh("flow crypto floor", FLOW_FLOOR, Statistic.P50),
                floor,
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
