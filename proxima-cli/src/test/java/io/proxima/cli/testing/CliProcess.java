package io.proxima.cli.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code java -jar proxima.jar <args>} in a process of its own, as a user runs it, with standard
 * output and error captured line by line.
 */
public final class CliProcess implements AutoCloseable {

  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final StringBuilder err = new StringBuilder();
  private final String command;
  private final List<Thread> pumps = new ArrayList<>();

  private CliProcess(Process process, String command) {
    this.process = process;
    this.command = command;
    pumps.add(pump(process.getInputStream(), line -> {
      synchronized (this) {
        out.add(line);
        notifyAll();
      }
    }));
    pumps.add(pump(process.getErrorStream(), line -> {
      synchronized (this) {
        err.append(line).append('\n');
      }
    }));
  }

  /** The packaged jar, built by the package phase before failsafe runs. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("proxima.jar", "target/proxima.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run 'mvn verify' (the jar is built in the package phase)");
    }
    return jar;
  }

  public static CliProcess start(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar().toString()));
    command.addAll(List.of(args));
    try {
      return new CliProcess(new ProcessBuilder(command).start(), "proxima " + String.join(" ", args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread pump(InputStream stream, Consumer<String> sink) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "cli-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The first standard-output line matching {@code predicate}, waiting up to {@code timeout}. */
  public synchronized String awaitLine(Predicate<String> predicate, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < out.size(); seen++) {
        if (predicate.test(out.get(seen))) {
          return out.get(seen);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!process.isAlive() && seen == out.size())) {
        throw new AssertionError(command + ": no matching line within " + timeout + describe());
      }
      try {
        wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits for the exit (and for the output to be read); kills the process and fails after {@code timeout}. */
  public int exitCode(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + ": did not exit within " + timeout + describe());
      }
      for (Thread pump : pumps) {
        pump.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** Sends a signal, e.g. {@code INT} (Ctrl-C) or {@code TERM}. */
  public void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public synchronized List<String> out() {
    return List.copyOf(out);
  }

  public synchronized String outText() {
    return String.join("\n", out) + "\n";
  }

  public synchronized String err() {
    return err.toString();
  }

  public synchronized String lastLine() {
    return out.isEmpty() ? "" : out.get(out.size() - 1);
  }

  private String describe() {
    return "\nout:\n" + outText() + "err:\n" + err();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
