package io.proxima.ble.testing;

import io.proxima.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The real bluetoothd 5.66 for tests: the QEMU guest of {@code ../shared/bluez-vm} (two emulated
 * LE controllers, hci0 and hci1, on shared air), its system bus reachable at a loopback TCP
 * address. One per test JVM, made by {@link RealBluezExtension}.
 *
 * <p>Where the address comes from, first match wins:
 *
 * <ol>
 *   <li>{@code -D}{@value #ADDRESS_PROPERTY}{@code =tcp:host=127.0.0.1,port=N} or the environment
 *       variable {@value #ADDRESS_ENV}: a VM (or bluetoothd) someone else runs; never stopped here;
 *   <li>otherwise the kit's {@code build.sh} builds the VM into a cache directory ({@code
 *       -D}{@value #DIR_PROPERTY}, else {@value #DIR_ENV}, else {@value #DEFAULT_DIR}; idempotent,
 *       under a second when built; the first build needs root and apt), and {@code start.sh} boots
 *       a private copy of it, which {@link #close()} stops.
 * </ol>
 *
 * A VM that cannot be had is an error with instructions, never a skip. Only {@code
 * -D}{@value #MODE_PROPERTY}{@code =skip} (for a local run on a machine without root or qemu)
 * turns the real-BlueZ tests off, and they are then reported as skipped.
 */
public final class BluezVm implements AutoCloseable {

  public static final String ADDRESS_PROPERTY = "bluez.dbus.address";
  public static final String ADDRESS_ENV = "PROXIMA_BLUEZ_DBUS_ADDRESS";
  public static final String DIR_PROPERTY = "proxima.bluez.vm.dir";
  public static final String DIR_ENV = "PROXIMA_BLUEZ_VM_DIR";
  public static final String DEFAULT_DIR = "/var/tmp/proxima-bluez-vm";
  public static final String KIT_PROPERTY = "proxima.bluez.vm.kit";
  /** {@code true}: run the kit's guest as it is, bluetoothd with {@code -E} (see {@link #stableKit}). */
  public static final String EXPERIMENTAL_PROPERTY = "proxima.bluez.vm.experimental";
  /** {@code -Dproxima.bluez.vm=skip} switches the real-BlueZ tests off (local runs only). */
  public static final String MODE_PROPERTY = "proxima.bluez.vm";

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> BUILT_FILES = List.of("vmlinuz", "initrd.gz", "rootfs.ext4", ".stamp");
  private static final String RUN_PREFIX = "proxima-bluez-vm-run-";

  private final String address;
  private final @Nullable Path runDir;
  private final String origin;

  private BluezVm(String address, @Nullable Path runDir, String origin) {
    this.address = address;
    this.runDir = runDir;
    this.origin = origin;
  }

  /** The guest's system bus, e.g. {@code tcp:host=127.0.0.1,port=40123}. */
  public String address() {
    return address;
  }

  /**
   * What the guest printed when bluetoothd or btvirt exited (their log tails), waiting up to
   * {@code wait} for it (on a test thread), or null while both run or when the VM is not ours (a
   * given address).
   */
  public @Nullable String daemonExitReport(Duration wait) {
    if (runDir == null) {
      return null;
    }
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      String console = Files.readString(runDir.resolve("console.log"), StandardCharsets.UTF_8);
      while (!console.contains("BLUEZ-VM: a daemon exited")) {
        if (System.nanoTime() >= deadline) {
          return null;
        }
        Thread.sleep(100);
        console = Files.readString(runDir.resolve("console.log"), StandardCharsets.UTF_8);
      }
      // The guest prints the log tails right after that line: give it a moment (a test thread).
      for (int i = 0; i < 20 && !console.contains("btvirt.log"); i++) {
        Thread.sleep(100);
        console = Files.readString(runDir.resolve("console.log"), StandardCharsets.UTF_8);
      }
      return console.substring(console.indexOf("BLUEZ-VM: a daemon exited")).strip();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Where the VM came from, for the test log. */
  public String origin() {
    return origin;
  }

  /** True when {@code -Dproxima.bluez.vm=skip} was given. */
  static boolean skipRequested() {
    return "skip".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "").trim());
  }

  /** An address given from outside, or null. */
  static @Nullable String givenAddress() {
    String p = System.getProperty(ADDRESS_PROPERTY);
    if (p != null && !p.isBlank()) {
      return p.trim();
    }
    String e = System.getenv(ADDRESS_ENV);
    return e == null || e.isBlank() ? null : e.trim();
  }

  /** The given address, or a freshly built and booted VM. Blocking (up to minutes on a first build). */
  static BluezVm obtain() {
    String given = givenAddress();
    if (given != null) {
      return new BluezVm(given, null, "given address " + given);
    }
    Path shared = kitDir();
    Path kit = stableKit(shared);
    try {
      Path cache = cacheDir();
      build(kit, cache);
      return boot(kit, cache);
    } finally {
      if (!kit.equals(shared)) {
        deleteTree(kit);
      }
    }
  }

  /**
   * The kit as the tests run it: a copy whose guest starts bluetoothd without {@code -E}. With
   * {@code -E} bluetoothd 5.66 loads its experimental LE-audio plugins, and its VCP plugin aborts
   * the daemon (double free, "vcp_detached() Unable to find vcp session" in the guest's log) after
   * a few sessions between the two controllers of one daemon; distributions run bluetoothd without
   * {@code -E}. {@code -D}{@value #EXPERIMENTAL_PROPERTY}{@code =true} keeps the kit as it is.
   */
  private static Path stableKit(Path kit) {
    if (Boolean.getBoolean(EXPERIMENTAL_PROPERTY)) {
      return kit;
    }
    try {
      Path copy = Files.createTempDirectory("proxima-bluez-kit-");
      try (DirectoryStream<Path> files = Files.newDirectoryStream(kit)) {
        for (Path f : files) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            copy.resolve(f.getFileName()).toFile().setWritable(true, true);
          }
        }
      }
      Path init = copy.resolve("guest-init");
      String text = Files.readString(init);
      Files.writeString(init, text.replace("bluetoothd -n -E ", "bluetoothd -n "));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the BlueZ VM kit from " + kit, e);
    }
  }

  private static Path kitDir() {
    String configured = System.getProperty(KIT_PROPERTY);
    Path kit = configured != null && !configured.isBlank() ? Paths.get(configured) : SharedFiles.sharedDir().resolve("bluez-vm");
    for (String script : List.of("build.sh", "start.sh", "stop.sh")) {
      if (!Files.isExecutable(kit.resolve(script))) {
        throw new IllegalStateException("the BlueZ VM kit is not at " + kit + " (" + script + " missing); " + HOW_TO);
      }
    }
    return kit.toAbsolutePath().normalize();
  }

  private static Path cacheDir() {
    String p = System.getProperty(DIR_PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(DIR_ENV);
    }
    if (p == null || p.isBlank()) {
      // A build of the unmodified kit has another stamp: keep it apart so neither rebuilds the other.
      p = Boolean.getBoolean(EXPERIMENTAL_PROPERTY) ? DEFAULT_DIR + "-experimental" : DEFAULT_DIR;
    }
    return Paths.get(p.trim()).toAbsolutePath().normalize();
  }

  private static boolean built(Path cache) {
    return BUILT_FILES.stream().allMatch(f -> Files.isRegularFile(cache.resolve(f)));
  }

  /** build.sh is idempotent: it returns at once when the cache holds a build of the same kit. */
  private static void build(Path kit, Path cache) {
    if (!built(cache) && !isRoot()) {
      throw new IllegalStateException("no BlueZ VM is built in " + cache + " and building one needs root; " + HOW_TO);
    }
    Path log = logFile("bluez-vm-build.log");
    Result r = run(List.of(kit.resolve("build.sh").toString(), cache.toString()), Map.of(), log, BUILD_TIMEOUT);
    if (r.exit() != 0) {
      throw new IllegalStateException("building the BlueZ VM into " + cache + " failed (exit " + r.exit() + "):\n" + r.tail() + "\n" + HOW_TO);
    }
    if (!built(cache)) {
      throw new IllegalStateException("build.sh reported success but " + cache + " lacks " + BUILT_FILES);
    }
  }

  /** Boots a private copy (symbolic links to the cache) so that other runs on this machine keep theirs. */
  private static BluezVm boot(Path kit, Path cache) {
    reapStaleRuns();
    IllegalStateException last = null;
    // start.sh has been seen to fail once on a loaded machine (an adapter could not be powered in
    // time); a second boot is cheaper than a red build.
    for (int attempt = 1; attempt <= 2; attempt++) {
      Path run;
      try {
        run = Files.createTempDirectory(RUN_PREFIX);
        Files.writeString(run.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        for (String f : BUILT_FILES) {
          Files.createSymbolicLink(run.resolve(f), cache.resolve(f));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare a run directory for the BlueZ VM", e);
      }
      Result r = run(List.of(kit.resolve("start.sh").toString(), run.toString()), Map.of("START_TIMEOUT", "180"), run.resolve("start.log"), START_TIMEOUT);
      String address = r.output().lines().filter(l -> l.startsWith("DBUS_ADDRESS=")).map(l -> l.substring("DBUS_ADDRESS=".length()).trim()).findFirst().orElse(null);
      if (r.exit() == 0 && address != null) {
        BluezVm vm = new BluezVm(address, run, "VM booted from " + cache + " in " + run);
        Runtime.getRuntime().addShutdownHook(new Thread(vm::close, "bluez-vm-stop"));
        return vm;
      }
      last = new IllegalStateException("starting the BlueZ VM failed (attempt " + attempt + ", exit " + r.exit() + "):\n" + r.tail() + "\n" + HOW_TO);
      stop(run);
    }
    throw last;
  }

  /** Stops VMs whose test JVM died without stopping them (their run directory names the JVM). */
  private static void reapStaleRuns() {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(tmp, RUN_PREFIX + "*")) {
      for (Path run : runs) {
        long owner;
        try {
          owner = Long.parseLong(Files.readString(run.resolve("owner.pid")).trim());
        } catch (IOException | NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        stop(run);
      }
    } catch (IOException e) {
      // Nothing to reap.
    }
  }

  /** Stops the VM this object booted; does nothing for a given address. Idempotent. */
  @Override
  public synchronized void close() {
    if (runDir != null && Files.isDirectory(runDir)) {
      stop(runDir);
    }
  }

  /** Stops the qemu started in a run directory (found through its pidfile, as stop.sh does) and removes the directory. */
  private static void stop(Path run) {
    try {
      long pid = Long.parseLong(Files.readString(run.resolve("qemu.pid")).trim());
      ProcessHandle.of(pid).filter(BluezVm::isQemu).ifPresent(p -> {
        p.destroy();
        try {
          p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          p.destroyForcibly();
        }
      });
    } catch (IOException | NumberFormatException e) {
      // Never started, or stopped already.
    }
    deleteTree(run);
  }

  private static boolean isQemu(ProcessHandle p) {
    try {
      return Files.readString(Paths.get("/proc", Long.toString(p.pid()), "cmdline")).contains("qemu-system");
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover directory in the temporary directory is harmless; run directories are reaped.
    }
  }

  private static boolean isRoot() {
    Result r = run(List.of("id", "-u"), Map.of(), null, Duration.ofSeconds(10));
    return r.exit() == 0 && r.output().trim().equals("0");
  }

  private static Path logFile(String name) {
    return Paths.get(System.getProperty("java.io.tmpdir"), name);
  }

  private record Result(int exit, String output) {
    String tail() {
      List<String> lines = output.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
  }

  /** Runs a command to completion (stdout + stderr), bounded in time. */
  private static Result run(List<String> command, Map<String, String> env, @Nullable Path log, Duration timeout) {
    try {
      Path out = log != null ? log : Files.createTempFile("proxima-bluez-vm", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Result(-1, Files.readString(out, StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (log == null) {
        Files.deleteIfExists(out);
      }
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      return new Result(-1, command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  static final String HOW_TO = String.join("\n",
      "The real-BlueZ tests (tag real-bluez) need the bluetoothd VM of ../shared/bluez-vm. Either:",
      "  * run as root on Debian 12 with apt (the VM is built into " + DEFAULT_DIR + " on first use, ~1 min), or",
      "  * build it once: sudo ../shared/bluez-vm/build.sh " + DEFAULT_DIR + " (then any user can boot it), or",
      "  * start one yourself and pass -D" + ADDRESS_PROPERTY + "=tcp:host=127.0.0.1,port=N (or " + ADDRESS_ENV + "), or",
      "  * on a machine that cannot run it, opt out locally with -D" + MODE_PROPERTY + "=skip (CI never does).",
      "See bluez-ble/README.md, section 'Against real BlueZ'.");

  @Override
  public String toString() {
    return "BluezVm[" + origin + "]";
  }
}
