package io.proxima.cli.support;

import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.bluez.BluezCentral;
import io.proxima.ble.bluez.BluezPeripheral;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where BLE runs: the BlueZ adapter and the D-Bus address of BlueZ's bus. A picocli mixin of the
 * verifier and wallet commands; used only when BLE is among {@code --transports}.
 */
public final class BleOptions {

  @Option(names = "--ble-adapter", paramLabel = "<hciN>", defaultValue = BluezPeripheral.DEFAULT_ADAPTER,
      description = "BlueZ adapter for BLE (default: ${DEFAULT-VALUE}).")
  String adapter = BluezPeripheral.DEFAULT_ADAPTER;

  @Option(names = "--dbus-address", paramLabel = "<address>",
      description = "D-Bus address of BlueZ's bus, e.g. unix:path=/run/dbus/system_bus_socket or tcp:host=127.0.0.1,port=55556 "
          + "(default: the system bus, or DBUS_SYSTEM_BUS_ADDRESS).")
  @Nullable String busAddress;

  /**
   * The verifier's BLE transport (GATT peripheral on BlueZ).
   *
   * @param advertisingRefresh see {@link BluezPeripheral#advertisingRefresh(Duration)}
   */
  public BleVerifierTransport verifierTransport(Duration advertisingRefresh) {
    try {
      return BleVerifierTransport.create(BluezPeripheral.create()
          .busAddress(busAddress)
          .adapter(adapter)
          .advertisingRefresh(advertisingRefresh));
    } catch (IllegalArgumentException e) {
      throw new InputException("BLE options: " + e.getMessage(), e);
    }
  }

  /** The wallet's BLE transport (GATT central on BlueZ). */
  public BleWalletTransport walletTransport() {
    try {
      return BleWalletTransport.create(BluezCentral.create().busAddress(busAddress).adapter(adapter));
    } catch (IllegalArgumentException e) {
      throw new InputException("BLE options: " + e.getMessage(), e);
    }
  }
}
