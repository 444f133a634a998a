/**
 * The load generator ({@code proxima wallets --gateway URL --sessions N --concurrency C}): creates
 * sessions through a gateway's HTTP API and completes them with simulated wallets over MQTT that
 * present real SD-JWT VC credentials (minted by the test issuer of {@code sd-jwt-vc}), follows each
 * session's Server-Sent Events to its verified outcome, shows a progress bar, and reports
 * throughput and latency percentiles (HdrHistogram). {@link io.proxima.cli.loadgen.WalletsCommand}
 * is the command, {@link io.proxima.cli.loadgen.LoadGenerator} the engine and {@link
 * io.proxima.cli.loadgen.GatewayClient} a small reactive client of the gateway API.
 */
@NullMarked
package io.proxima.cli.loadgen;

import org.jspecify.annotations.NullMarked;
