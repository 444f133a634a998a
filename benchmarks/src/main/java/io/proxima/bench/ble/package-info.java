/**
 * BLE over the in-memory GATT link: a session's transfer through the project's BLE transport at
 * several MTUs ({@link io.proxima.bench.ble.BleBenchmark}), the ideal the protocol allows on the
 * same link, and the GATT operations counted ({@link io.proxima.bench.ble.BleRoundTrips}).
 *
 * <p>The harness blocks, always with a timeout, on the JMH benchmark thread only: the edge of the
 * program, like {@code main}. The transport's own work stays on its schedulers; BlockHound, active
 * in this module's tests that run each harness once, fails any blocking call on an event loop or a
 * Reactor parallel thread.
 */
@NullMarked
package io.proxima.bench.ble;

import org.jspecify.annotations.NullMarked;
