package io.proxima.ble.gatt;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A central's (the wallet's) GATT link to the verifier's service: connected, services resolved,
 * notifications of Transfer Summary Report and Disconnect subscribed. The chunking protocol runs
 * over this interface only, so it runs unchanged over the in-memory link and over BlueZ.
 */
public interface GattClient {

  /** The ATT MTU of the link (23..517). */
  int mtu();

  /** A description of the peer for logs, e.g. its address. */
  String peer();

  /**
   * Reads a characteristic. Emits the value; errors with {@link io.proxima.ble.GattException}
   * when the read fails and with {@link io.proxima.ble.GattLinkLostException} when the link is
   * down. Nothing happens until subscribed.
   */
  Mono<byte[]> read(Characteristic characteristic);

  /**
   * Writes a characteristic. Completes when written (with response: confirmed by the peripheral;
   * without: handed to the stack, and possibly lost). Errors like {@link #read}.
   */
  Mono<Void> write(Characteristic characteristic, byte[] value, WriteType type);

  /**
   * Every notification, in arrival order, buffered from the moment the link was set up until
   * subscribed. One subscriber. Completes when the link is closed or lost.
   */
  Flux<Notification> notifications();

  /** Emits the reason when the link is lost (not after {@link #disconnect()}); never errors. */
  Mono<String> linkLost();

  /** Disconnects and releases the link. Completes when done; idempotent; never errors. */
  Mono<Void> disconnect();
}
