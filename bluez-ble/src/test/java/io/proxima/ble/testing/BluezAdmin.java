package io.proxima.ble.testing;

import io.proxima.ble.bluez.internal.Adapter1;
import io.proxima.ble.bluez.internal.Dbus;
import io.proxima.ble.bluez.internal.Device1;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * A test's own connection to BlueZ (real or the test service) for what the transports never do:
 * forgetting devices between tests, powering an adapter off and on, watching discovery. Blocking:
 * for the test thread only.
 */
public final class BluezAdmin implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(15);
  /** How long links may take to go down after Device1.Disconnect before the adapters are power-cycled. */
  private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(6);

  private final DBusConnection connection;

  private BluezAdmin(DBusConnection connection) {
    this.connection = connection;
  }

  public static BluezAdmin connect(String address) {
    try {
      return new BluezAdmin(Dbus.connect(address));
    } catch (DBusException e) {
      throw new IllegalStateException("cannot reach BlueZ at " + address, e);
    }
  }

  /** The raw connection, for tests that call BlueZ directly. */
  public DBusConnection connection() {
    return connection;
  }

  /** All of BlueZ's objects. */
  public Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects() {
    try {
      return connection.getRemoteObject(Dbus.BLUEZ, "/", ObjectManager.class).GetManagedObjects();
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Object paths of the Device1 objects under an adapter. */
  public List<String> devices(String adapter) {
    String prefix = "/org/bluez/" + adapter + "/dev_";
    return objects().entrySet().stream()
        .filter(e -> e.getValue().containsKey(Dbus.DEVICE) && e.getKey().getPath().startsWith(prefix) && e.getKey().getPath().indexOf('/', prefix.length()) < 0)
        .map(e -> e.getKey().getPath())
        .sorted()
        .toList();
  }

  /**
   * Isolates a test from the ones before (bluez-vm README): no link up, both adapters powered,
   * every device they know removed, so nothing is cached from an earlier session. Links still up
   * are dropped with Device1.Disconnect (bluetoothd takes about 2 s); only if that does not do it
   * are the adapters switched off and on: bluetoothd 5.66 now and then aborts on a power-down
   * (bluez-ble/README.md, known daemon crash).
   */
  public void reset() {
    List<String> linked = List.of("hci0", "hci1").stream().flatMap(a -> devices(a).stream()).filter(this::linkUp).toList();
    for (String device : linked) {
      try {
        connection.getRemoteObject(Dbus.BLUEZ, device, Device1.class).Disconnect();
      } catch (DBusException | RuntimeException e) {
        // Gone meanwhile, or refused: the power cycle below covers it.
      }
    }
    boolean down = linked.isEmpty() || holdsWithin(() -> linked.stream().noneMatch(this::linkUp), DISCONNECT_WAIT);
    for (String adapter : List.of("hci0", "hci1")) {
      if (!down) {
        powered(adapter, false);
      }
      powered(adapter, true);
    }
    await(() -> List.of("hci0", "hci1").stream().flatMap(a -> devices(a).stream()).noneMatch(this::linkUp), "every link down");
    for (String adapter : List.of("hci0", "hci1")) {
      for (String device : devices(adapter)) {
        try {
          adapter(adapter).RemoveDevice(new DBusPath(device));
        } catch (RuntimeException e) {
          // Removed meanwhile.
        }
      }
    }
    await(() -> devices("hci0").isEmpty() && devices("hci1").isEmpty(), "devices removed");
  }

  private boolean linkUp(String device) {
    try {
      Properties p = properties(device);
      return Boolean.TRUE.equals(p.Get(Dbus.DEVICE, "Connected")) || Boolean.TRUE.equals(p.Get(Dbus.DEVICE, "ServicesResolved"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Powers an adapter on or off and waits until BlueZ reports it so. */
  public void powered(String adapter, boolean on) {
    Properties p = properties("/org/bluez/" + adapter);
    if (!Boolean.valueOf(on).equals(p.Get(Dbus.ADAPTER, "Powered"))) {
      p.Set(Dbus.ADAPTER, "Powered", on);
    }
    await(() -> Boolean.valueOf(on).equals(p.Get(Dbus.ADAPTER, "Powered")), adapter + " powered " + on);
  }

  /** Waits until the adapter is discovering (a central started scanning on it). */
  public void awaitDiscovering(String adapter) {
    Properties p = properties("/org/bluez/" + adapter);
    await(() -> Boolean.TRUE.equals(p.Get(Dbus.ADAPTER, "Discovering")), adapter + " discovering");
  }

  /** LEAdvertisingManager1.ActiveInstances of an adapter: advertisements registered now. */
  public int activeAdvertisements(String adapter) {
    Object n = properties("/org/bluez/" + adapter).Get("org.bluez.LEAdvertisingManager1", "ActiveInstances");
    return ((Number) n).intValue();
  }

  public Adapter1 adapter(String adapter) {
    try {
      return connection.getRemoteObject(Dbus.BLUEZ, "/org/bluez/" + adapter, Adapter1.class);
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  public Properties properties(String path) {
    try {
      return connection.getRemoteObject(Dbus.BLUEZ, path, Properties.class);
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code condition} holds within {@code wait}, polled on the test thread. */
  private static boolean holdsWithin(java.util.function.BooleanSupplier condition, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Polls a condition on the test thread until it holds, or fails after 15 s. */
  public static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
