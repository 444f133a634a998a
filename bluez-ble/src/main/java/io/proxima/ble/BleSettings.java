package io.proxima.ble;

import io.proxima.ble.chunk.ChunkLimits;
import io.proxima.transport.internal.AbstractFrameConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * How the BLE transport bounds its work. Immutable; {@code with} methods return copies.
 *
 * @param limits message size cap and resend rounds of the chunking protocol
 * @param setupTimeout registering and advertising (verifier); discovering, connecting and
 *     subscribing (wallet)
 * @param operationTimeout one GATT read or write
 * @param transferTimeout the longest pause inside a started transfer: between chunks, a summary
 *     and its report; also how long a wallet may take to fetch a request it was sent
 * @param requestTimeout how long a wallet waits, after Identify, for the verifier to offer its
 *     request (Request Size turns non-zero)
 * @param requestPollMax the longest pause between two reads of Request Size while it is 0
 * @param inboundCapacity frames buffered per connection before it fails
 * @param closeLinger after the wallet's answer, how long the verifier's close waits at most for
 *     the wallet to finish its side (the summary request after the last chunk, and its report)
 *     before it notifies Disconnect and unregisters; the peer's wallet may never ask
 * @param closeGrace then how much longer, so that Disconnect does not overtake the last report or
 *     write response (bluetoothd may deliver notifications out of order over EATT); may be zero
 */
public record BleSettings(
    ChunkLimits limits,
    Duration setupTimeout,
    Duration operationTimeout,
    Duration transferTimeout,
    Duration requestTimeout,
    Duration requestPollMax,
    int inboundCapacity,
    Duration closeLinger,
    Duration closeGrace) {

  public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_POLL_MAX = Duration.ofMillis(250);
  public static final Duration DEFAULT_CLOSE_LINGER = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofMillis(200);

  /** The defaults. */
  public static final BleSettings DEFAULT =
      new BleSettings(
          ChunkLimits.DEFAULT,
          DEFAULT_SETUP_TIMEOUT,
          DEFAULT_OPERATION_TIMEOUT,
          DEFAULT_TRANSFER_TIMEOUT,
          DEFAULT_REQUEST_TIMEOUT,
          DEFAULT_REQUEST_POLL_MAX,
          AbstractFrameConnection.DEFAULT_INBOUND_CAPACITY,
          DEFAULT_CLOSE_LINGER,
          DEFAULT_CLOSE_GRACE);

  public BleSettings {
    Objects.requireNonNull(limits, "limits");
    positive(setupTimeout, "setupTimeout");
    positive(operationTimeout, "operationTimeout");
    positive(transferTimeout, "transferTimeout");
    positive(requestTimeout, "requestTimeout");
    positive(requestPollMax, "requestPollMax");
    if (inboundCapacity < 1) {
      throw new IllegalArgumentException("inboundCapacity must be positive");
    }
    positive(closeLinger, "closeLinger");
    if (Objects.requireNonNull(closeGrace, "closeGrace").isNegative()) {
      throw new IllegalArgumentException("closeGrace must not be negative");
    }
  }

  public BleSettings withLimits(ChunkLimits newLimits) {
    return new BleSettings(newLimits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity, closeLinger, closeGrace);
  }

  public BleSettings withSetupTimeout(Duration timeout) {
    return new BleSettings(limits, timeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity, closeLinger, closeGrace);
  }

  public BleSettings withOperationTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, timeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity, closeLinger, closeGrace);
  }

  public BleSettings withTransferTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, operationTimeout, timeout, requestTimeout, requestPollMax, inboundCapacity, closeLinger, closeGrace);
  }

  public BleSettings withRequestTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, timeout, requestPollMax, inboundCapacity, closeLinger, closeGrace);
  }

  public BleSettings withInboundCapacity(int capacity) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, capacity, closeLinger, closeGrace);
  }

  public BleSettings withCloseLinger(Duration linger) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity, linger, closeGrace);
  }

  public BleSettings withCloseGrace(Duration grace) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity, closeLinger, grace);
  }

  private static void positive(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
