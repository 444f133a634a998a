package io.proxima.cli.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxima wallets --gateway URL --sessions N --concurrency C}: the load generator. Creates
 * sessions through the gateway's HTTP API, completes them with simulated wallets over MQTT that
 * present a real SD-JWT VC (a PID minted by the test issuer; the gateway verifies it when it
 * trusts that issuer's JWKS), shows a progress bar on standard error, then prints the throughput
 * and latency percentiles. Exit code 0 when every session completed, 3 otherwise.
 */
@Command(
    name = "wallets",
    mixinStandardHelpOptions = true,
    description = {
      "Load generator: creates sessions on a gateway and completes them with simulated wallets over MQTT.",
      "Wallets present a test PID from --credential-dir (minted there when missing; trust its issuer-jwks.json in the gateway)."
    })
public final class WalletsCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  @Option(names = "--gateway", split = ",", paramLabel = "URL",
      description = "gateway URL(s), e.g. http://127.0.0.1:8080; several (comma-separated) are used round robin")
  List<URI> gateways = new ArrayList<>();

  @Option(names = "--sessions", defaultValue = "100", paramLabel = "N", description = "sessions to run (default ${DEFAULT-VALUE})")
  int sessions;

  @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "sessions at once (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--warmup", defaultValue = "0", paramLabel = "N", description = "sessions run first and not measured (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--preset", paramLabel = "NAME", description = "ask for the gateway's preset NAME")
  @Nullable String preset;

  @Option(names = "--query", paramLabel = "FILE", description = "ask with the DCQL query in FILE (JSON); default: a PID query for names and age over 18")
  @Nullable Path query;

  @Option(names = "--credential-dir", paramLabel = "DIR",
      description = "the wallets' credential (credential.sd-jwt, holder-key.jwk.json, issuer-jwks.json); minted there when missing. "
          + "Without it a credential is minted in memory and the gateway cannot verify it")
  @Nullable Path credentialDir;

  @Option(names = "--mint-only", description = "mint the credential into --credential-dir and exit")
  boolean mintOnly;

  @Option(names = "--wallet-brokers", split = ",", paramLabel = "URL",
      description = "brokers the wallets connect to instead of the QR code's, round robin (a load balancer in front of a cluster)")
  List<URI> walletBrokers = new ArrayList<>();

  @Option(names = "--wallet-connections", defaultValue = "shared", paramLabel = "MODE",
      description = "shared (one MQTT connection per broker for all wallets, default) or dedicated (one per wallet, like phones)")
  String walletConnections;

  @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", description = "longest session after creation (default ${DEFAULT-VALUE})")
  String timeout;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
  @Nullable Path json;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (mintOnly && credentialDir == null) {
      err.println("proxima wallets: --mint-only needs --credential-dir");
      return 2;
    }
    HeldCredential credential = credential(err);
    if (mintOnly) {
      return 0;
    }
    if (gateways.isEmpty()) {
      err.println("proxima wallets: --gateway is required");
      return 2;
    }
    if (!walletConnections.equals("shared") && !walletConnections.equals("dedicated")) {
      err.println("proxima wallets: --wallet-connections must be shared or dedicated");
      return 2;
    }
    Duration sessionTimeout = parseDuration(timeout);
    JsonNode body = createBody();
    SdJwtPresenter presenter = SdJwtPresenter.of(credential);
    if (warmup > 0) {
      LoadGenerator w = new LoadGenerator(options(warmup, body, sessionTimeout), presenter);
      LoadReport r = w.run().block(sessionTimeout.multipliedBy(Math.max(1, warmup / Math.max(1, concurrency) + 1)).plusMinutes(1));
      err.printf(Locale.ROOT, "warm-up: %d sessions, %d completed%n", warmup, r == null ? 0 : r.completed());
    }
    LoadGenerator generator = new LoadGenerator(options(sessions, body, sessionTimeout), presenter);
    ScheduledExecutorService ticker = noProgress ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    if (ticker != null) {
      boolean tty = System.console() != null;
      ticker.scheduleAtFixedRate(() -> progress(err, generator.progress(), start, tty, false), 200, tty ? 200 : 2000, TimeUnit.MILLISECONDS);
    }
    LoadReport report;
    try {
      report = generator.run().block(sessionTimeout.multipliedBy(Math.max(1, sessions / Math.max(1, concurrency) + 1)).plusMinutes(1));
    } finally {
      if (ticker != null) {
        ticker.shutdownNow();
        progress(err, generator.progress(), start, System.console() != null, true);
      }
    }
    if (report == null) {
      err.println("proxima wallets: no report");
      return 1;
    }
    out.print(report.text());
    if (json != null) {
      ObjectNode o = report.json();
      o.put("gateways", gateways.toString());
      o.put("concurrency", concurrency);
      o.put("wallet_connections", walletConnections);
      Files.writeString(json, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }
    return report.failed() == 0 ? 0 : 3;
  }

  private LoadGenerator.Options options(int n, JsonNode body, Duration sessionTimeout) {
    return new LoadGenerator.Options(gateways, n, concurrency, body, walletBrokers, walletConnections.equals("dedicated"),
        sessionTimeout, sessionTimeout);
  }

  private HeldCredential credential(PrintStream err) {
    if (credentialDir == null) {
      err.println("proxima wallets: no --credential-dir: minting a PID in memory; the gateway will not trust its issuer (outcomes unverified)");
      return TestCredentials.pid(SdJwtVcIssuer.generate()).held();
    }
    CredentialFiles files = CredentialFiles.in(credentialDir);
    if (Files.exists(files.credential()) && Files.exists(files.holderKey())) {
      if (mintOnly) {
        err.println("proxima wallets: " + files.credential() + " exists; kept it");
      }
      return files.loadCredential();
    }
    CredentialFiles written = TestCredentials.pid(SdJwtVcIssuer.generate()).writeTo(credentialDir);
    err.println("proxima wallets: minted a test PID in " + credentialDir + "; trust " + written.issuerJwks() + " in the gateway (trust.jwks)");
    return written.loadCredential();
  }

  private JsonNode createBody() throws IOException {
    if (preset != null && query != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "give --preset or --query, not both");
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (preset != null) {
      body.put("preset", preset);
    } else if (query != null) {
      body.set("dcql_query", MAPPER.readTree(Files.readString(query)));
    } else {
      return defaultCreateBody();
    }
    return body;
  }

  /** The default body of {@code POST /sessions}: {@code {"dcql_query": <defaultQuery>}}. */
  public static ObjectNode defaultCreateBody() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("dcql_query", defaultQuery().toJson());
    return body;
  }

  /** The default query: the test PID's names and its age-over-18 claim. */
  public static DcqlQuery defaultQuery() {
    return DcqlQuery.of(CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT,
        ClaimsQuery.at("given_name"), ClaimsQuery.at("family_name"), ClaimsQuery.at("age_equal_or_over", "18")));
  }

  private void progress(PrintStream err, LoadGenerator.Progress p, long start, boolean tty, boolean last) {
    int done = p.completed() + p.failed();
    double secs = (System.nanoTime() - start) / 1e9;
    int width = 30;
    int filled = sessions == 0 ? width : (int) ((long) width * done / sessions);
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String line = String.format(Locale.ROOT, "[%s] %d/%d %3d%%  %.0f/s  ok %d  failed %d  in flight %d  throttled %d", bar, done, sessions,
        sessions == 0 ? 100 : 100 * done / sessions, secs > 0 ? p.completed() / secs : 0.0, p.completed(), p.failed(), p.inFlight(), p.throttled());
    if (tty) {
      err.print("\r" + line + (last ? System.lineSeparator() : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  private static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 60s, 2m)");
    }
  }

  /** Runs the command on its own (the {@code proxima} launcher registers it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new WalletsCommand()).execute(args));
  }
}
