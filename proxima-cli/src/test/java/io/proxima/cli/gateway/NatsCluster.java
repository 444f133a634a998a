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
    Path scripts = SharedFiles.sharedDir().resolve("mqtt-cluster");
    try {
      Path dir = Files.createTempDirectory("proxima-nats");
      String out = run(scripts.resolve("start.sh").toString(), dir.toString());
      String line = out.lines().filter(l -> l.startsWith("MQTT_URLS=")).findFirst()
          .orElseThrow(() -> new AssertionError("start.sh printed no MQTT_URLS:\n" + out));
      return new NatsCluster(scripts, dir, Arrays.asList(line.substring("MQTT_URLS=".length()).trim().split(",")));
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

  /** SIGKILLs node {@code node} (1-based). */
  void kill(int node) {
    run(scripts.resolve("kill-node.sh").toString(), dir.toString(), Integer.toString(node));
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
