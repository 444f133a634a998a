package io.proxima.ble.bluez;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code dbus-daemon} on a private socket (or a loopback TCP port), started for a test
 * with a minimal session-bus-like configuration, and stopped by {@link #close()}.
 */
public final class PrivateBus implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final String address;

  private PrivateBus(Process process, Path dir, String address) {
    this.process = process;
    this.dir = dir;
    this.address = address;
  }

  /** A bus on a unix socket in a fresh temporary directory. */
  public static PrivateBus unix() throws Exception {
    Path dir = Files.createTempDirectory("proxima-dbus");
    return start(dir, "<listen>unix:path=" + dir.resolve("bus") + "</listen>\n  <auth>EXTERNAL</auth>");
  }

  /** A bus on a free loopback TCP port, with anonymous authentication (as the BlueZ VM's bus). */
  public static PrivateBus tcp() throws Exception {
    Path dir = Files.createTempDirectory("proxima-dbus");
    return start(dir, "<listen>tcp:host=127.0.0.1,bind=127.0.0.1,port=0</listen>\n  <auth>ANONYMOUS</auth>\n  <allow_anonymous/>");
  }

  private static PrivateBus start(Path dir, String listen) throws Exception {
    Path config = dir.resolve("bus.conf");
    Files.writeString(config, """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          %s
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """.formatted(listen));
    Process process = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    String address;
    try {
      address = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("dbus-daemon did not print its address", e);
    }
    if (address == null || address.isBlank()) {
      process.destroyForcibly();
      throw new IllegalStateException("dbus-daemon exited: is the dbus package installed?");
    }
    return new PrivateBus(process, dir, address.trim());
  }

  /** The address to connect to, as dbus-daemon printed it. */
  public String address() {
    return address;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
