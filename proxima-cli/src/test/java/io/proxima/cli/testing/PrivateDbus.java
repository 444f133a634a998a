package io.proxima.cli.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code dbus-daemon} on a private unix socket with nobody on it: a system bus without
 * bluetoothd, where every BlueZ call fails at once with {@code ServiceUnknown}.
 */
public final class PrivateDbus implements AutoCloseable {

  private final Process process;
  private final String address;

  private PrivateDbus(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  public static PrivateDbus start() {
    try {
      Path dir = Files.createTempDirectory("proxima-cli-dbus");
      Path config = dir.resolve("bus.conf");
      Files.writeString(config, """
          <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
           "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
          <busconfig>
            <type>session</type>
            <listen>unix:path=%s</listen>
            <auth>EXTERNAL</auth>
            <policy context="default">
              <allow send_destination="*" eavesdrop="true"/>
              <allow eavesdrop="true"/>
              <allow own="*"/>
            </policy>
          </busconfig>
          """.formatted(dir.resolve("bus")));
      Process process = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      String address = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(10, TimeUnit.SECONDS);
      if (address == null || address.isBlank()) {
        process.destroyForcibly();
        throw new IllegalStateException("dbus-daemon exited: is the dbus package installed?");
      }
      return new PrivateDbus(process, address.trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start dbus-daemon (apt-get install dbus)", e);
    } catch (Exception e) {
      throw new IllegalStateException("dbus-daemon did not print its address", e);
    }
  }

  public String address() {
    return address;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
