/**
 * The BLE transport of PROTOCOL.md §5: {@link io.proxima.ble.BleVerifierTransport} (GATT peripheral) and {@link io.proxima.ble.BleWalletTransport} (GATT central), their immutable {@link io.proxima.ble.BleSettings}, and the BLE-specific errors. The transports run the chunking protocol of {@code io.proxima.ble.chunk} over any GATT backend of {@code io.proxima.ble.gatt}: BlueZ on D-Bus ({@code io.proxima.ble.bluez}) or the in-memory air.
 */
@NullMarked
package io.proxima.ble;

import org.jspecify.annotations.NullMarked;
