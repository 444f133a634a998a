/**
 * Session setup: one full draft00 session over any transports ({@link
 * io.proxima.bench.session.Draft00Exchange}), its two-sided crypto floor ({@link
 * io.proxima.bench.session.CryptoFloor}), the in-memory session benchmark and the cold-start
 * benchmark. MQTT and BLE session benchmarks run {@code Draft00Exchange} over their transports.
 */
@NullMarked
package io.proxima.bench.session;

import org.jspecify.annotations.NullMarked;
