/**
 * BLE over the in-memory GATT link: a session's transfer through the project's BLE transport at
 * several MTUs ({@link io.proxima.bench.ble.BleBenchmark}), the ideal the protocol allows on the
 * same link, and the GATT operations counted ({@link io.proxima.bench.ble.BleRoundTrips}).
 */
@NullMarked
package io.proxima.bench.ble;

import org.jspecify.annotations.NullMarked;
