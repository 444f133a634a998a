package io.proxima.cli.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own ({@link GatewayCommand#main}), on the test classpath: what a
 * deployment runs, so it can be sent SIGTERM or killed. Blocking: test threads only.
 */
final class GatewayProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final URI url;

  private GatewayProcess(Process process, Path log, URI url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /** Starts {@code gateway --config file} and waits for its {@code GATEWAY_URL=} line. */
  static GatewayProcess start(Path config) {
    try {
      Path log = Files.createTempFile("proxima-gateway", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
              "-cp", System.getProperty("java.class.path"), GatewayCommand.class.getName(), "--config", config.toString())
          .redirectError(log.toFile())
          .start();
      CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.startsWith("GATEWAY_URL=")) {
              return URI.create(line.substring("GATEWAY_URL=".length()).trim());
            }
          }
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      URI u;
      try {
        u = url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
        throw new AssertionError("the gateway process did not start: " + e + "\n" + Files.readString(log), e);
      }
      if (u == null) {
        p.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("the gateway process exited (" + (p.isAlive() ? "running" : p.exitValue()) + "):\n" + Files.readString(log));
      }
      return new GatewayProcess(p, log, u);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  URI url() {
    return url;
  }

  /** SIGTERM: a graceful shutdown. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: the instance dies at once. */
  void kill() {
    process.destroyForcibly();
  }

  /** The exit code, waiting up to {@code timeout}; fails if it is still running. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the gateway process did not exit within " + timeout + ":\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
