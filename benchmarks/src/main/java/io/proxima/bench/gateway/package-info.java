/**
 * Gateway throughput: completed sessions per second with many wallets against one verifier
 * broker connection ({@link io.proxima.bench.gateway.GatewayThroughputBenchmark}), and the
 * crypto-only bound on all cores of the same machine ({@link
 * io.proxima.bench.gateway.CryptoThroughputBenchmark}).
 */
@NullMarked
package io.proxima.bench.gateway;

import org.jspecify.annotations.NullMarked;
