package io.proxima.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker on a free 127.0.0.1 port, for tests and benchmarks. Blocking: use it
 * from test threads or {@code main}, never from an event loop.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.start()) {
 *   String url = broker.url();          // mqtt://127.0.0.1:PORT
 *   broker.stop(); broker.restart();    // same port: for broker-outage tests
 * }
 * }</pre>
 *
 * {@link #shared()} gives one broker per JVM: the one named by the environment variable {@value
 * #ENV_URL} (started by {@code .ci/run}) when set, otherwise one started on first use.
 */
public final class MosquittoBroker implements AutoCloseable {

  /** Environment variable naming an already running broker, e.g. {@code mqtt://127.0.0.1:1883}. */
  public static final String ENV_URL = "PROXIMA_TEST_MQTT_URL";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static MosquittoBroker shared;

  private final Config config;
  private final int port;
  private final Path dir;
  private final boolean external;
  private Process process;

  private MosquittoBroker(Config config, int port, Path dir, boolean external) {
    this.config = config;
    this.port = port;
    this.dir = dir;
    this.external = external;
  }

  /** Options of a broker started by a test. Immutable. */
  public record Config(
      Path caFile,
      Path certFile,
      Path keyFile,
      boolean requireClientCertificate,
      Path passwordFile,
      long messageSizeLimit,
      boolean tcpNoDelay) {

    /** Plain TCP, anonymous, no message size limit, TCP_NODELAY on. */
    public static Config plain() {
      return new Config(null, null, null, false, null, 0, true);
    }

    /** A TLS listener with this CA, server certificate and key (PEM files). */
    public Config tls(Path ca, Path cert, Path key, boolean requireClientCert) {
      return new Config(ca, cert, key, requireClientCert, passwordFile, messageSizeLimit, tcpNoDelay);
    }

    /** Username/password authentication from a mosquitto_passwd file. */
    public Config passwords(Path file) {
      return new Config(caFile, certFile, keyFile, requireClientCertificate, file, messageSizeLimit, tcpNoDelay);
    }

    /** The broker's message_size_limit in bytes (0 = mosquitto's default). */
    public Config messageSizeLimit(long bytes) {
      return new Config(caFile, certFile, keyFile, requireClientCertificate, passwordFile, bytes, tcpNoDelay);
    }

    /**
     * mosquitto's {@code set_tcp_nodelay}: send each packet at once. On by default here (and in
     * {@code .ci/run}); off is mosquitto's own default, where Nagle's algorithm with delayed ACKs
     * costs about 15 ms per request/response leg on loopback.
     */
    public Config tcpNoDelay(boolean on) {
      return new Config(caFile, certFile, keyFile, requireClientCertificate, passwordFile, messageSizeLimit, on);
    }

    boolean isTls() {
      return certFile != null;
    }
  }

  /** A plain broker on a free port. */
  public static MosquittoBroker start() {
    return start(Config.plain());
  }

  /** A broker with these options on a free port. */
  public static MosquittoBroker start(Config config) {
    try {
      Path dir = Files.createTempDirectory("proxima-mosquitto");
      MosquittoBroker broker = new MosquittoBroker(config, freePort(), dir, false);
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker shared by this JVM's tests; never stop it. */
  public static synchronized MosquittoBroker shared() {
    if (shared == null) {
      String url = System.getenv(ENV_URL);
      if (url != null && !url.isBlank()) {
        java.net.URI uri = java.net.URI.create(url.trim());
        shared = new MosquittoBroker(Config.plain(), uri.getPort(), null, true);
        shared.awaitPort();
      } else {
        shared = start();
        MosquittoBroker broker = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      }
    }
    return shared;
  }

  /** {@code mqtt://127.0.0.1:PORT}, or {@code mqtts://...} for a TLS broker. */
  public String url() {
    return (config.isTls() ? "mqtts" : "mqtt") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized boolean isRunning() {
    return external || (process != null && process.isAlive());
  }

  /** Kills the broker (SIGKILL: clients see the connection drop, no clean shutdown). */
  public synchronized void kill() {
    requireOwned();
    if (process != null) {
      process.destroyForcibly();
      waitFor(process);
      process = null;
    }
  }

  /** Stops the broker with SIGTERM. */
  public synchronized void stop() {
    requireOwned();
    if (process != null) {
      process.destroy();
      waitFor(process);
      process = null;
    }
  }

  /** Starts the broker again on the same port. */
  public synchronized void restart() {
    requireOwned();
    if (process != null && process.isAlive()) {
      stop();
    }
    launch();
  }

  @Override
  public synchronized void close() {
    if (!external && process != null) {
      process.destroyForcibly();
      waitFor(process);
      process = null;
    }
  }

  /** The broker's log, for diagnosing a failing test. */
  public String log() {
    try {
      return dir == null ? "" : Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private void launch() {
    try {
      List<String> conf = new ArrayList<>();
      conf.add("listener " + port + " 127.0.0.1");
      conf.add("persistence false");
      conf.add("log_dest stderr");
      conf.add("log_type error");
      conf.add("log_type warning");
      conf.add("max_queued_messages 100000");
      if (config.tcpNoDelay()) {
        conf.add("set_tcp_nodelay true");
      }
      if (config.messageSizeLimit() > 0) {
        conf.add("message_size_limit " + config.messageSizeLimit());
      }
      if (config.passwordFile() != null) {
        conf.add("allow_anonymous false");
        conf.add("password_file " + config.passwordFile().toAbsolutePath());
      } else {
        conf.add("allow_anonymous true");
      }
      if (config.isTls()) {
        conf.add("cafile " + Objects.requireNonNull(config.caFile(), "caFile").toAbsolutePath());
        conf.add("certfile " + config.certFile().toAbsolutePath());
        conf.add("keyfile " + Objects.requireNonNull(config.keyFile(), "keyFile").toAbsolutePath());
        conf.add("require_certificate " + config.requireClientCertificate());
      }
      Path confFile = dir.resolve("mosquitto.conf");
      Files.write(confFile, conf);
      process =
          new ProcessBuilder(binary(), "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
              .start();
      awaitPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start mosquitto", e);
    }
  }

  private void awaitPort() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!external && (process == null || !process.isAlive())) {
        throw new IllegalStateException("mosquitto exited at start:\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("mosquitto did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT + "\n" + log());
  }

  private void requireOwned() {
    if (external) {
      throw new IllegalStateException("the shared external broker cannot be stopped by a test");
    }
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String binary() {
    for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (Files.isExecutable(Path.of(d, "mosquitto"))) {
          return Path.of(d, "mosquitto").toString();
        }
      }
    }
    throw new IllegalStateException("mosquitto is not installed (apt-get install mosquitto); .ci/run installs it");
  }

  /** A free TCP port on the loopback interface. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
