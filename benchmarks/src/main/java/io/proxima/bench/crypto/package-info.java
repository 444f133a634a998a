/**
 * The crypto floor: one side of draft00 setup, Bouncy Castle vs JDK X25519, and AES-GCM seal and
 * open at 1 KB and 16 KB, all through the project's own crypto classes. The two-sided floor of a
 * whole session, the baseline of session latency, is {@code SessionBenchmark.twoSidedCryptoFloor}.
 */
@NullMarked
package io.proxima.bench.crypto;

import org.jspecify.annotations.NullMarked;
