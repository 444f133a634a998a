/**
 * The small GATT-link interface the BLE protocol runs over: the service's characteristics, a central's {@link io.proxima.ble.gatt.GattClient}, a peripheral's {@link io.proxima.ble.gatt.GattServer} with its {@link io.proxima.ble.gatt.GattServerHandler}, and the backends that create them. {@link io.proxima.ble.gatt.InMemoryAir} is a backend in one JVM that injects loss, corruption, any MTU, failing writes and disconnects ({@link io.proxima.ble.gatt.GattFaults}).
 */
@NullMarked
package io.proxima.ble.gatt;

import org.jspecify.annotations.NullMarked;
