/**
 * The verifier gateway ({@code proxima gateway --config FILE}): a long-running service that runs
 * any number of OID4VP verifier sessions over one shared MQTT connection (or a list of cluster
 * nodes to fail over between) and exposes them through an HTTP API on reactor-netty: create a
 * session from a DCQL query or a preset, fetch its QR code, follow its state changes as
 * Server-Sent Events, read the verified outcome, cancel it. It caps pending sessions (503 with
 * Retry-After), keeps finished ones for a bounded time and number, exports Micrometer metrics in
 * the Prometheus format, reports broker connectivity on {@code /health}, and drains in-flight
 * sessions on SIGTERM. {@link io.proxima.cli.gateway.GatewayCommand} is the command, {@link
 * io.proxima.cli.gateway.Gateway} the service, {@link io.proxima.cli.gateway.GatewayConfig} its
 * configuration file; everything else here is package-private.
 */
@NullMarked
package io.proxima.cli.gateway;

import org.jspecify.annotations.NullMarked;
