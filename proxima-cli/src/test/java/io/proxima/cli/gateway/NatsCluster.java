package io.proxima.cli.gateway;

import io.proxima.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-node NATS cluster with MQTT on loopback, through {@code ../shared/mqtt-cluster}
 * ({@code start.sh} installs nats-server when missing). Blocking: test threads only.
 */
final class NatsCluster implements AutoCloseable {

  private static final long START_TIMEOUT_S = 180;
  private static NatsCluster shared;

  private final Path scripts;
  private final Path dir;
  private final List<String> urls;

  private NatsCluster(Path scripts, Path dir, List<String> urls) {
    this.scripts = scripts;
    this.dir = dir;
    this.urls = urls;
  }

  static NatsCluster start() {
    AssertionError failed = null;
    // A fresh cluster now and then drops the first CONNECT of start.sh's warm-up ("The connection
    // was lost") while JetStream elects its leaders: stop it and start another.
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce();
      } catch (AssertionError e) {
        failed = e;
      }
    }
    throw failed;
  }

  /** Publishes an empty QoS 0 message to {@code topic} on the node at {@code url} (mosquitto_pub). */
  static void publishEmpty(String url, String topic) {
    run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(java.net.URI.create(url).getPort()), "-t", topic, "-n");
  }

  private static NatsCluster startOnce() {
    Path scripts = SharedFiles.sharedDir().resolve("mqtt-cluster");
    try {
      Path dir = Files.createTempDirectory("proxima-nats");
      String out;
      try {
        out = run(scripts.resolve("start.sh").toString(), dir.toString());
      } catch (AssertionError e) {
        try {
          run(scripts.resolve("stop.sh").toString(), dir.toString());
        } catch (AssertionError ignored) {
          // what is left of a failed start; the next attempt uses new ports
        }
        throw e;
      }
      String line = out.lines().filter(l -> l.startsWith("MQTT_URLS=")).findFirst()
          .orElseThrow(() -> new AssertionError("start.sh printed no MQTT_URLS:\n" + out));
      List<String> urls = Arrays.asList(line.substring("MQTT_URLS=".length()).trim().split(","));
      // Each node's MQTT port accepts; this also initialises the JDK's socket classes on this
      // thread (their static initialisers read files, which BlockHound refuses on event loops).
      for (String url : urls) {
        try (java.net.Socket socket = new java.net.Socket()) {
          socket.connect(new java.net.InetSocketAddress("127.0.0.1", java.net.URI.create(url).getPort()), 5000);
        }
      }
      return new NatsCluster(scripts, dir, urls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One cluster for every test class of this JVM that does not kill nodes; stopped when the JVM
   * exits. Tests that kill nodes start their own.
   */
  static synchronized NatsCluster shared() {
    if (shared == null) {
      NatsCluster c = start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close));
      shared = c;
    }
    return shared;
  }

  /** {@code mqtt://127.0.0.1:P} of each node, node 1 first. */
  List<String> urls() {
    return urls;
  }

  String url(int node) {
    return urls.get(node - 1);
  }

  /** The brokers of node {@code first} and then the others in order: a gateway on node {@code first} that can fail over. */
  List<String> startingAt(int first) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      out.add(urls.get((first - 1 + i) % urls.size()));
    }
    return out;
  }

  /**
   * The node (1-based) leading a JetStream stream, e.g. {@code $MQTT_sess} (where NATS keeps the
   * MQTT sessions), read from a node's monitoring endpoint ({@code /jsz}).
   */
  int streamLeader(String stream) {
    com.fasterxml.jackson.databind.JsonNode jsz = jsz("streams=true&config=false");
    for (com.fasterxml.jackson.databind.JsonNode account : jsz.path("account_details")) {
      for (com.fasterxml.jackson.databind.JsonNode st : account.path("stream_detail")) {
        if (st.path("name").asText().equals(stream)) {
          return nodeNumber(st.path("cluster").path("leader").asText());
        }
      }
    }
    throw new AssertionError("no stream " + stream + " in " + jsz);
  }

  /** The node (1-based) leading the JetStream meta group. */
  int metaLeader() {
    return nodeNumber(jsz("").path("meta_cluster").path("leader").asText());
  }

  private static int nodeNumber(String serverName) {
    if (!serverName.matches("n\\d+")) {
      throw new AssertionError("no leader (" + serverName + ")");
    }
    return Integer.parseInt(serverName.substring(1));
  }

  private com.fasterxml.jackson.databind.JsonNode jsz(String query) {
    try {
      int port = Integer.parseInt(Files.readString(dir.resolve("n1").resolve("http.port")).trim());
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> r = client.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/jsz?" + query))
              .timeout(java.time.Duration.ofSeconds(5)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILLs node {@code node} (1-based). */
  void kill(int node) {
    run(scripts.resolve("kill-node.sh").toString(), dir.toString(), Integer.toString(node));
  }

  /** Copies each node's log to {@code target} (for diagnosing a failed test). */
  void saveLogs(Path target) {
    try {
      Files.createDirectories(target);
      for (int i = 1; i <= urls.size(); i++) {
        Path log = dir.resolve("n" + i).resolve("log");
        if (Files.exists(log)) {
          Files.copy(log, target.resolve("n" + i + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    run(scripts.resolve("stop.sh").toString(), dir.toString());
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + START_TIMEOUT_S + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
