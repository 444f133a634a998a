package io.proxima.cli.testing;

import io.proxima.cli.ProximaCli;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * A {@code proxima} command run in this JVM on a thread of its own (the command's {@code call()}
 * is the edge: it blocks), with its standard output and error captured line by line.
 */
public final class RunningCommand {

  private final Lines out = new Lines();
  private final Lines err = new Lines();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final String[] args;

  private RunningCommand(String[] args) {
    this.args = args;
  }

  /** Starts {@code proxima <args>} on a new thread. */
  public static RunningCommand start(String... args) {
    RunningCommand running = new RunningCommand(args);
    Thread thread = new Thread(() -> {
      try {
        running.exit.complete(running.commandLine().execute(args));
      } catch (Throwable t) {
        running.exit.completeExceptionally(t);
      }
    }, "proxima-" + args[0]);
    thread.setDaemon(true);
    thread.start();
    return running;
  }

  /** Runs {@code proxima <args>} on the calling thread. */
  public static RunningCommand run(String... args) {
    RunningCommand running = new RunningCommand(args);
    running.exit.complete(running.commandLine().execute(args));
    return running;
  }

  private CommandLine commandLine() {
    CommandLine cli = ProximaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  /** The first line of standard output matching {@code predicate}, waiting up to {@code timeout}. */
  public String awaitLine(Predicate<String> predicate, Duration timeout) {
    return out.await(predicate, timeout, this);
  }

  public int exitCode(Duration timeout) {
    try {
      return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("proxima " + Arrays.toString(args) + " did not end within " + timeout + "\nout:\n" + out() + "\nerr:\n" + err());
    } catch (Exception e) {
      throw new AssertionError("proxima " + Arrays.toString(args) + " failed", e);
    }
  }

  public List<String> outLines() {
    return out.lines();
  }

  public String out() {
    return out.text();
  }

  public String err() {
    return err.text();
  }

  /** The last line of standard output. */
  public String lastLine() {
    List<String> lines = out.lines();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static final class Lines extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    synchronized String text() {
      return text.toString();
    }

    synchronized List<String> lines() {
      return text.isEmpty() ? List.of() : List.of(text.toString().split("\n", -1)).stream().filter(l -> !l.isEmpty()).toList();
    }

    synchronized String await(Predicate<String> predicate, Duration timeout, RunningCommand command) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        int end = text.lastIndexOf("\n");
        if (end >= 0) {
          for (String line : text.substring(0, end).split("\n")) {
            if (predicate.test(line)) {
              return line;
            }
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || command.exit.isDone()) {
          throw new AssertionError("no matching output line within " + timeout + "\nout:\n" + text + "\nerr:\n" + command.err());
        }
        try {
          wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
